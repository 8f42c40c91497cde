import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { checkWorkspaceHost } from "@/lib/databricks/workspace-host";
import type { Actor } from "@/lib/destinations/create-destination";
import { tableTakenMessage, workspaceTableTaken } from "@/lib/destinations/create-destination";
import type { EventFilter } from "@/lib/destinations/event-filter";
import { nextTick } from "@/lib/destinations/schedule";
import { requestExportRun } from "@/lib/jobs/request-export-run";
import type { Prisma } from "@/lib/generated/prisma/client";

/** The live destination of the actor's project, or not found (another project's is not found either). */
async function liveDestination(actor: Actor, destinationId: string) {
  const destination = await db.destination.findFirst({
    where: { id: destinationId, projectId: actor.projectId, deletedAt: null },
  });
  if (!destination) throw new AppError("NOT_FOUND", "This destination does not exist.");
  return destination;
}

async function change(
  actor: Actor,
  destinationId: string,
  action: string,
  data: Prisma.DestinationUpdateInput,
  before: Prisma.InputJsonValue,
  after: Prisma.InputJsonValue,
) {
  await db.$transaction(async (tx) => {
    await tx.destination.update({ where: { id: destinationId }, data });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action,
      resourceType: "destination",
      resourceId: destinationId,
      before,
      after,
    });
  });
}

/** Filter and frequency (destinations.write). The filter applies from the next run planned. */
export async function updateSchedule(
  actor: Actor,
  destinationId: string,
  input: { frequencyMinutes: number; filter: EventFilter },
  now = new Date(),
) {
  const destination = await liveDestination(actor, destinationId);
  await change(
    actor,
    destinationId,
    "destination.schedule.update",
    {
      frequencyMinutes: input.frequencyMinutes,
      filter: input.filter,
      nextRunAt: nextTick(now, input.frequencyMinutes),
    },
    { frequencyMinutes: destination.frequencyMinutes, filter: destination.filter as Prisma.InputJsonValue },
    { frequencyMinutes: input.frequencyMinutes, filter: input.filter },
  );
}

/** Pause or resume (destinations.write). Resuming schedules the next tick; nothing is skipped. */
export async function setPaused(actor: Actor, destinationId: string, paused: boolean, now = new Date()) {
  const destination = await liveDestination(actor, destinationId);
  const state = paused ? "PAUSED" : "ACTIVE";
  if (destination.state === state) return;
  await change(
    actor,
    destinationId,
    paused ? "destination.pause" : "destination.resume",
    { state, ...(paused ? {} : { nextRunAt: nextTick(now, destination.frequencyMinutes) }) },
    { state: destination.state },
    { state },
  );
}

/** Workspace, credential and target (credentials.write). */
export async function updateCredentials(
  actor: Actor,
  destinationId: string,
  input: {
    workspaceHost: string;
    clientId: string;
    warehouseId: string;
    catalog: string;
    schema: string;
    table: string;
  },
  allowedHosts: readonly string[],
) {
  const destination = await liveDestination(actor, destinationId);
  const host = checkWorkspaceHost(input.workspaceHost, allowedHosts);
  if (!host.ok) throw new AppError("INVALID_INPUT", host.reason);
  const next = {
    ...input,
    workspaceHost: host.value.origin,
    clientId: input.clientId.toLowerCase(),
    warehouseId: input.warehouseId.toLowerCase(),
  };
  if (await workspaceTableTaken(next, destinationId)) throw new AppError("CONFLICT", tableTakenMessage(next));
  const pick = (d: typeof next) => ({
    workspaceHost: d.workspaceHost,
    clientId: d.clientId,
    warehouseId: d.warehouseId,
    catalog: d.catalog,
    schema: d.schema,
    table: d.table,
  });
  await change(
    actor,
    destinationId,
    "destination.credentials.update",
    { ...next, name: `${next.catalog}.${next.schema}.${next.table}` },
    pick(destination),
    pick(next),
  );
}

/** Deletes the destination (destinations.delete); its run history stays for the audit. */
export async function deleteDestination(actor: Actor, destinationId: string, now = new Date()) {
  const destination = await liveDestination(actor, destinationId);
  await change(
    actor,
    destinationId,
    "destination.delete",
    { deletedAt: now, state: "PAUSED" },
    { name: destination.name, state: destination.state },
    { deletedAt: now.toISOString() },
  );
}

/** Run now (runs.trigger): a queued manual run, handed to the jobs system at once. */
export async function runNow(
  actor: Actor,
  destinationId: string,
): Promise<{ runId: string; delivery: "sent" | "queued" }> {
  const destination = await liveDestination(actor, destinationId);
  if (destination.state === "PAUSED")
    throw new AppError("CONFLICT", "This destination is paused: resume it to run it.");
  const run = await db.$transaction(async (tx) => {
    const created = await tx.exportRun.create({
      data: { destinationId, trigger: "MANUAL", requestedById: actor.userId },
    });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "destination.run_now",
      resourceType: "destination",
      resourceId: destinationId,
      after: { runId: created.id },
    });
    return created;
  });
  return { runId: run.id, delivery: await requestExportRun({ destinationId, runId: run.id }) };
}
