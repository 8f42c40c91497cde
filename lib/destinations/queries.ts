import "server-only";
import { db } from "@/lib/db/prisma";
import { RUN_MAX_ROWS } from "@/lib/exports/run-limits";

export type DestinationStatus = "healthy" | "failing" | "paused" | "waiting";

export function statusOf(destination: { state: string; health: string }): DestinationStatus {
  if (destination.state === "PAUSED") return "paused";
  return destination.health === "FAILING"
    ? "failing"
    : destination.health === "HEALTHY"
      ? "healthy"
      : "waiting";
}

type Backlogged = { projectId: string; watermarkTxid: bigint | null; exportFrom: Date };

/** Where the undelivered events start: after the watermark, or at the export's time floor. */
function undelivered(destination: Backlogged): { where: string; params: string[] } {
  const floor = destination.exportFrom.toISOString();
  return destination.watermarkTxid === null
    ? { where: "project_id = $1 AND server_upload_time >= $2::timestamptz", params: [floor] }
    : {
        where: "project_id = $1 AND server_upload_time >= $2::timestamptz AND txid >= $3::bigint",
        params: [floor, destination.watermarkTxid.toString()],
      };
}

/**
 * The lag: how long ago the last run that caught up was planned (every event stored before then
 * is delivered), or since the destination was created before its first delivery. Read from the
 * destination's own row (deliveredThrough, kept by each run's commit): no scan of the backlog,
 * however large, on a page load or a lag check.
 */
export function lagOf(
  destination: { deliveredThrough: Date | null; createdAt: Date },
  now = new Date(),
): number {
  return Math.max(0, now.getTime() - (destination.deliveredThrough ?? destination.createdAt).getTime());
}

/**
 * The backlog's size, counted up to `cap` (so a page never scans more than one run's worth):
 * `{ count, more }` where `more` says that over `cap` events wait.
 */
export async function backlogEstimate(
  destination: Backlogged,
  cap = RUN_MAX_ROWS,
): Promise<{ count: number; more: boolean }> {
  const { where, params } = undelivered(destination);
  const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM events WHERE ${where} LIMIT ${cap + 1}) AS capped`,
    destination.projectId,
    ...params,
  );
  const n = row?.n ?? 0;
  return { count: Math.min(n, cap), more: n > cap };
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
