import "server-only";
import { db } from "@/lib/db/prisma";

// What the scheduler dispatches each tick, per lane: a destination's recurring export, and its
// running backfill. A lane whose run is held under a fresh lease is being worked on:
// dispatching it again would only find it busy.

/**
 * Destinations whose recurring export is due: their tick has come, or a run waits (Run now, a
 * capped run's successor, or a run whose worker died).
 */
export async function dueDestinationIds(now = new Date()): Promise<string[]> {
  const due = await db.destination.findMany({
    where: {
      deletedAt: null,
      state: "ACTIVE",
      // A deleted project's destinations stop; their rows and history stay as they were.
      project: { deletedAt: null },
      OR: [
        { nextRunAt: { lte: now } },
        { runs: { some: { backfillId: null, status: { in: ["QUEUED", "RUNNING"] } } } },
      ],
      NOT: { runs: { some: { backfillId: null, status: "RUNNING", leaseExpiresAt: { gt: now } } } },
    },
    select: { id: true },
    orderBy: { nextRunAt: "asc" },
  });
  return due.map((destination) => destination.id);
}

/** Running backfills of active destinations of live projects whose current chunk (if any) is not leased. */
export async function dueBackfills(
  now = new Date(),
): Promise<{ destinationId: string; backfillId: string }[]> {
  const backfills = await db.backfill.findMany({
    where: {
      status: "RUNNING",
      destination: { deletedAt: null, state: "ACTIVE", project: { deletedAt: null } },
      NOT: { runs: { some: { status: "RUNNING", leaseExpiresAt: { gt: now } } } },
    },
    select: { id: true, destinationId: true },
    orderBy: { createdAt: "asc" },
  });
  return backfills.map((backfill) => ({ destinationId: backfill.destinationId, backfillId: backfill.id }));
}
