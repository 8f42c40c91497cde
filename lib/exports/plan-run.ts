import "server-only";
import { raiseAlert } from "@/lib/alerts/alerts";
import { lockForPlanning, planningKey } from "@/lib/db/planner-lock";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";
import { safeHorizon } from "@/lib/events/watermark";
import type { JsonColumnType } from "@/lib/exports/event-table";
import { heldByAnother, leaseUntil } from "@/lib/exports/run-lease";
import { RUN_MAX_BYTES, RUN_MAX_ROWS } from "@/lib/exports/run-limits";
import { ConfigSnapshotError, dueConfigSnapshot, saveConfigSnapshot } from "@/lib/exports/config-snapshot";
import { EventFilter } from "@/lib/exports/event-filter";
import { freezeFilter } from "@/lib/exports/freeze-filter";
import { CURRENT_STAGED_FORMAT } from "@/lib/exports/stage-files";
import { lineExpression } from "@/lib/exports/stage-ndjson";
import { nextTick } from "@/lib/exports/schedule";
import { windowBounds } from "@/lib/exports/window-query";
import type { Destination, Prisma } from "@/lib/generated/prisma/client";

export type RunTarget = {
  projectId: string;
  workspaceOrigin: string;
  clientId: string;
  warehouseId: string;
  catalog: string;
  schema: string;
  table: string;
  jsonColumnType: JsonColumnType;
  /** The merged-IDs table, when the ledger is exported too (absent in runs planned before). */
  mergedIdsTable?: string | null;
};

export type PlannedRun = { runId: string; destinationId: string };

/** Where a run loads: frozen with the run, so an edit made later applies to the next run. */
export const runTarget = (destination: Destination): RunTarget => ({
  projectId: destination.projectId,
  workspaceOrigin: destination.workspaceHost,
  clientId: destination.clientId,
  warehouseId: destination.warehouseId,
  catalog: destination.catalog,
  schema: destination.schema,
  table: destination.table,
  jsonColumnType: destination.jsonColumnType,
  mergedIdsTable: destination.mergedIdsTable,
});

// The cut is taken over all of the window's events: the filter applies when staging.
const EMPTY_FILTER = EventFilter.parse({});

/** Where a new window starts: after the watermark, or at the destination's time floor. */
type LowerBound = { fromTxid: bigint | null; exportFrom: Date };

/**
 * The window's upper end: the safe horizon, or, when more than the cap waits, the transaction
 * of the first row past the cap (so no transaction is split between two runs; a window holds
 * at least its first transaction, at most 2,000 rows more than the cap). The cap is
 * RUN_MAX_ROWS, lowered when a sample of the rows says they would pass RUN_MAX_BYTES.
 */
async function windowEnd(
  tx: Prisma.TransactionClient,
  projectId: string,
  lower: LowerBound,
  horizon: bigint,
  maxRows: number,
): Promise<{ toTxid: bigint; capped: boolean }> {
  const bounds = windowBounds({ projectId, ...lower, toTxid: horizon, filter: EMPTY_FILTER });
  const where = `project_id = $1 AND ${bounds.sql}`;
  const params = [projectId, ...bounds.params];
  const [sample] = await tx.$queryRawUnsafe<{ bytes: number | null; first: string | null }[]>(
    `SELECT avg(octet_length(line))::float8 AS bytes, min(txid)::text AS first
     FROM (SELECT txid, ${lineExpression()} AS line FROM events WHERE ${where} ORDER BY txid, id LIMIT 1000) AS s`,
    ...params,
  );
  if (!sample?.first) return { toTxid: horizon, capped: false };
  const cap = Math.max(1, Math.min(maxRows, Math.floor(RUN_MAX_BYTES / Math.max(1, sample.bytes ?? 1))));
  const [cut] = await tx.$queryRawUnsafe<{ txid: string }[]>(
    `SELECT txid::text AS txid FROM events WHERE ${where} ORDER BY txid, id OFFSET ${cap} LIMIT 1`,
    ...params,
  );
  if (!cut) return { toTxid: horizon, capped: false };
  const first = BigInt(sample.first);
  const boundary = BigInt(cut.txid);
  return { toTxid: boundary > first ? boundary : first + 1n, capped: true };
}

/**
 * Opens the destination's next run for `owner`, or resumes the one an earlier attempt left
 * open: its window, filter, target and file names are frozen here, so every attempt stages
 * exactly the same files. Null when the destination is paused, deleted (or its project is),
 * has nothing due, or another worker holds its open run under a fresh lease; null too when its
 * filter cannot be frozen (its custom event is gone): that run is recorded as failed.
 */
export async function planRun(
  destinationId: string,
  owner: string,
  now = new Date(),
  maxRows = RUN_MAX_ROWS,
): Promise<PlannedRun | null> {
  const horizon = await safeHorizon();
  // The transaction's outcome: a run to deliver, nothing, or a run it failed (alerted after commit).
  const outcome = await db.$transaction<PlannedRun | { failed: Destination; message: string } | null>(
    async (tx) => {
      // One planner at a time per destination.
      await lockForPlanning(tx, planningKey.destination(destinationId));
      const destination = await tx.destination.findUnique({
        where: { id: destinationId },
        include: { project: { select: { deletedAt: true } } },
      });
      if (!destination || destination.deletedAt || destination.project.deletedAt) return null;
      if (destination.state === "PAUSED") return null;
      const open = await tx.exportRun.findFirst({
        where: { destinationId, backfillId: null, status: { in: ["QUEUED", "RUNNING"] } },
        orderBy: { queuedAt: "asc" },
      });
      if (open && heldByAnother(open, owner, now)) return null;
      const lease = { leaseOwner: owner, leaseExpiresAt: leaseUntil(now) };
      if (open && open.toTxid !== null) {
        await tx.exportRun.update({
          where: { id: open.id },
          data: { status: "RUNNING", attempts: { increment: 1 }, ...lease },
        });
        return { runId: open.id, destinationId };
      }
      if (!open && destination.nextRunAt > now) return null;
      const lower = { fromTxid: destination.watermarkTxid, exportFrom: destination.exportFrom };
      const end = await windowEnd(tx, destination.projectId, lower, horizon, maxRows);
      // A filter that cannot be frozen (its custom event is gone) or a configuration that cannot
      // be exported fails the run at once, where people see it: a failed run, the destination
      // failing and alerted; retrying cannot help.
      const unplannable = async (errorClass: string, message: string) => {
        const failed = {
          status: "FAILED" as const,
          ...lower,
          ...end,
          filter: destination.filter ?? {},
          target: runTarget(destination),
          startedAt: now,
          finishedAt: now,
          attempts: 1,
          errorClass,
          errorMessage: message,
        };
        if (open) await tx.exportRun.update({ where: { id: open.id }, data: failed });
        else await tx.exportRun.create({ data: { destinationId, trigger: "SCHEDULE", ...failed } });
        await tx.destination.update({
          where: { id: destinationId },
          data: { health: "FAILING", nextRunAt: nextTick(now, destination.frequencyMinutes) },
        });
        return { failed: destination, message: `(${errorClass}): ${message}` };
      };
      const filter = await freezeFilter(tx, destination.projectId, destination.filter).catch(
        (error: unknown) => {
          if (error instanceof AppError) return error;
          throw error;
        },
      );
      if (filter instanceof AppError) return unplannable("FILTER_UNAVAILABLE", filter.userMessage);
      // The data configuration, when the destination exports it and a snapshot is due.
      const snapshot = await dueConfigSnapshot(tx, destination, now).catch((error: unknown) => {
        if (error instanceof ConfigSnapshotError) return error;
        throw error;
      });
      if (snapshot instanceof ConfigSnapshotError)
        return unplannable("CONFIG_SNAPSHOT_FAILED", snapshot.message);
      const frozen = {
        status: "RUNNING" as const,
        ...lower,
        ...end,
        filter,
        target: runTarget(destination),
        fileFormat: CURRENT_STAGED_FORMAT,
        startedAt: now,
        attempts: 1,
        ...lease,
      };
      const run = open
        ? await tx.exportRun.update({ where: { id: open.id }, data: frozen })
        : await tx.exportRun.create({ data: { destinationId, trigger: "SCHEDULE", ...frozen } });
      if (snapshot) await saveConfigSnapshot(tx, destination.id, run.id, snapshot, now);
      return { runId: run.id, destinationId };
    },
    // Finding the cut of a large backlog reads up to RUN_MAX_ROWS index entries.
    { timeout: 60_000 },
  );
  if (outcome && "failed" in outcome) {
    await raiseAlert(outcome.failed, "FAILING", `The last run failed ${outcome.message}`);
    return null;
  }
  return outcome;
}
