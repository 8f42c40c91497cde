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

export const leaseUntil = (now: Date) => new Date(now.getTime() + LEASE_MS);

/** Whether a run's lease is held by someone other than `owner` and still fresh. */
export const heldByAnother = (
  run: { leaseOwner: string | null; leaseExpiresAt: Date | null },
  owner: string,
  now: Date,
) =>
  run.leaseOwner !== null && run.leaseOwner !== owner && (run.leaseExpiresAt?.getTime() ?? 0) > now.getTime();

/** Renews the lease of a running run held by `owner`; throws LeaseLost when it is not. */
export async function renewLease(runId: string, owner: string, now = new Date()): Promise<void> {
  const { count } = await db.exportRun.updateMany({
    where: { id: runId, leaseOwner: owner, status: "RUNNING" },
    data: { leaseExpiresAt: leaseUntil(now) },
  });
  if (count === 0) throw new LeaseLost(runId);
}
