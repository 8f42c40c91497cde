import "server-only";
import { db } from "@/lib/db/prisma";

/** Destinations with a run due: their tick has come, or someone asked for a run (Run now). */
export async function dueDestinationIds(now = new Date()): Promise<string[]> {
  const due = await db.destination.findMany({
    where: {
      deletedAt: null,
      state: "ACTIVE",
      OR: [{ nextRunAt: { lte: now } }, { runs: { some: { status: { in: ["QUEUED", "RUNNING"] } } } }],
    },
    select: { id: true },
    orderBy: { nextRunAt: "asc" },
  });
  return due.map((destination) => destination.id);
}
