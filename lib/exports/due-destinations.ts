import "server-only";
import { db } from "@/lib/db/prisma";

/**
 * Destinations with a run due: their tick has come, or a run waits (Run now, a capped run's
 * successor, or a run whose worker died). A destination whose run is held under a fresh lease
 * is being worked on: dispatching it again would only find it busy.
 */
export async function dueDestinationIds(now = new Date()): Promise<string[]> {
  const due = await db.destination.findMany({
    where: {
      deletedAt: null,
      state: "ACTIVE",
      OR: [{ nextRunAt: { lte: now } }, { runs: { some: { status: { in: ["QUEUED", "RUNNING"] } } } }],
      NOT: { runs: { some: { status: "RUNNING", leaseExpiresAt: { gt: now } } } },
    },
    select: { id: true },
    orderBy: { nextRunAt: "asc" },
  });
  return due.map((destination) => destination.id);
}
