import "server-only";
import { db } from "@/lib/db/prisma";
import { EventFilter } from "@/lib/exports/event-filter";
import { compileFilterToSql } from "@/lib/exports/filter-sql";

export type DestinationStatus = "healthy" | "failing" | "paused" | "waiting";

export function statusOf(destination: { state: string; health: string }): DestinationStatus {
  if (destination.state === "PAUSED") return "paused";
  return destination.health === "FAILING"
    ? "failing"
    : destination.health === "HEALTHY"
      ? "healthy"
      : "waiting";
}

/**
 * The lag: the age of the oldest event that matches the destination's filter and has not
 * been delivered yet (after the watermark, or since the export start), or null when none waits.
 */
export async function lagOf(
  destination: { projectId: string; filter: unknown; watermarkTxid: bigint | null; exportFrom: Date },
  now = new Date(),
): Promise<number | null> {
  const filter = compileFilterToSql(EventFilter.parse(destination.filter), 3);
  const window =
    destination.watermarkTxid === null ? `server_upload_time >= $2::timestamptz` : `txid >= $2::bigint`;
  const [row] = await db.$queryRawUnsafe<{ oldest: Date | null }[]>(
    `SELECT min(server_upload_time) AS oldest FROM events WHERE project_id = $1 AND ${window} AND ${filter.sql}`,
    destination.projectId,
    destination.watermarkTxid === null
      ? destination.exportFrom.toISOString()
      : destination.watermarkTxid.toString(),
    ...filter.params,
  );
  return row?.oldest ? Math.max(0, now.getTime() - new Date(row.oldest).getTime()) : null;
}

export async function listDestinations(projectId: string) {
  const destinations = await db.destination.findMany({
    where: { projectId, deletedAt: null },
    orderBy: { createdAt: "asc" },
    include: { runs: { where: { finishedAt: { not: null } }, orderBy: { finishedAt: "desc" }, take: 1 } },
  });
  return Promise.all(
    destinations.map(async (destination) => ({
      ...destination,
      status: statusOf(destination),
      lastRun: destination.runs[0] ?? null,
      lagMs: await lagOf(destination),
    })),
  );
}

export async function findDestination(projectId: string, destinationId: string) {
  return db.destination.findFirst({
    where: { id: destinationId, projectId, deletedAt: null },
    include: { runs: { orderBy: { queuedAt: "desc" }, take: 50 } },
  });
}
