import "server-only";
import { db } from "@/lib/db/prisma";
import { safeHorizon } from "@/lib/events/watermark";
import type { JsonColumnType } from "@/lib/exports/event-table";

export type RunTarget = {
  projectId: string;
  workspaceOrigin: string;
  clientId: string;
  warehouseId: string;
  catalog: string;
  schema: string;
  table: string;
  jsonColumnType: JsonColumnType;
};

export type PlannedRun = { runId: string; destinationId: string };

/**
 * Opens the destination's run, or reuses the one a failed attempt left open: its window, filter,
 * target and file names are frozen here, so every attempt stages exactly the same files. Null
 * when the destination is paused, deleted, or has nothing due.
 */
export async function planRun(destinationId: string, now = new Date()): Promise<PlannedRun | null> {
  const horizon = await safeHorizon();
  return db.$transaction(async (tx) => {
    // One planner at a time per destination.
    await tx.$queryRawUnsafe(`SELECT id FROM "Destination" WHERE id = $1 FOR UPDATE`, destinationId);
    const destination = await tx.destination.findUnique({ where: { id: destinationId } });
    if (!destination || destination.deletedAt || destination.state === "PAUSED") return null;
    const open = await tx.exportRun.findFirst({
      where: { destinationId, status: { in: ["QUEUED", "RUNNING"] } },
      orderBy: { queuedAt: "asc" },
    });
    if (open && open.toTxid !== null) {
      await tx.exportRun.update({
        where: { id: open.id },
        data: { status: "RUNNING", attempts: { increment: 1 } },
      });
      return { runId: open.id, destinationId };
    }
    if (!open && destination.nextRunAt > now) return null;
    const target: RunTarget = {
      projectId: destination.projectId,
      workspaceOrigin: destination.workspaceHost,
      clientId: destination.clientId,
      warehouseId: destination.warehouseId,
      catalog: destination.catalog,
      schema: destination.schema,
      table: destination.table,
      jsonColumnType: destination.jsonColumnType,
    };
    const frozen = {
      status: "RUNNING" as const,
      fromTxid: destination.watermarkTxid,
      toTxid: horizon,
      exportFrom: destination.exportFrom,
      filter: destination.filter ?? {},
      target,
      startedAt: now,
      attempts: 1,
    };
    const run = open
      ? await tx.exportRun.update({ where: { id: open.id }, data: frozen })
      : await tx.exportRun.create({ data: { destinationId, trigger: "SCHEDULE", ...frozen } });
    return { runId: run.id, destinationId };
  });
}
