import "server-only";
import { db } from "@/lib/db/prisma";
import { LEASE_MS } from "@/lib/exports/run-limits";

// A run is worked on by one worker at a time: the one holding its lease. Inngest's concurrency
// limit applies to steps, not to function runs, and the scheduler may dispatch a destination
// again while a run is under way; the lease is what makes the second worker stand back.

/** Thrown by a step whose worker lost the run's lease: that worker stops, the holder goes on. */
export class LeaseLost extends Error {
  constructor(readonly runId: string) {
    super(`Another worker holds export run ${runId}.`);
    this.name = "LeaseLost";
  }
}

/** Thrown by a step of a backfill chunk whose backfill was cancelled: the chunk stops there. */
export class RunCancelled extends Error {
  constructor(readonly runId: string) {
    super(`Export run ${runId} was cancelled.`);
    this.name = "RunCancelled";
  }
}

export const leaseUntil = (now: Date) => new Date(now.getTime() + LEASE_MS);

/** Whether a run's lease is held by someone other than `owner` and still fresh. */
export const heldByAnother = (
  run: { leaseOwner: string | null; leaseExpiresAt: Date | null },
  owner: string,
  now: Date,
) =>
  run.leaseOwner !== null && run.leaseOwner !== owner && (run.leaseExpiresAt?.getTime() ?? 0) > now.getTime();

/**
 * Renews the lease of a running run held by `owner`. Throws LeaseLost when another holds it,
 * and RunCancelled (marking the run cancelled) when it is a chunk of a cancelled backfill.
 */
export async function renewLease(runId: string, owner: string, now = new Date()): Promise<void> {
  const cancelled = await db.exportRun.updateMany({
    where: { id: runId, leaseOwner: owner, status: "RUNNING", backfill: { status: "CANCELLED" } },
    data: { status: "CANCELLED", finishedAt: now },
  });
  if (cancelled.count > 0) throw new RunCancelled(runId);
  const { count } = await db.exportRun.updateMany({
    where: { id: runId, leaseOwner: owner, status: "RUNNING" },
    data: { leaseExpiresAt: leaseUntil(now) },
  });
  if (count === 0) throw new LeaseLost(runId);
}
