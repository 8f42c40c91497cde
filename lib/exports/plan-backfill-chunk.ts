import "server-only";
import { lockForPlanning, planningKey } from "@/lib/db/planner-lock";
import { db } from "@/lib/db/prisma";
import { freezeFilter } from "@/lib/exports/freeze-filter";
import { runTarget, type PlannedRun } from "@/lib/exports/plan-run";
import { heldByAnother, leaseUntil } from "@/lib/exports/run-lease";
import { RUN_MAX_ROWS } from "@/lib/exports/run-limits";
import { CURRENT_STAGED_FORMAT } from "@/lib/exports/stage-files";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * The end of the chunk that starts at `cursor`: the upload time of the first event past the cap
 * (events of one millisecond are never split; a chunk holds at least its first millisecond),
 * or the backfill's end when fewer wait. Null when no event (and, `withMerges`, no merge) is
 * left in [cursor, to).
 */
async function chunkEnd(
  tx: Prisma.TransactionClient,
  projectId: string,
  cursor: Date,
  to: Date,
  maxRows: number,
  withMerges: boolean,
): Promise<Date | null> {
  const params = [projectId, cursor.toISOString(), to.toISOString()];
  const range =
    "project_id = $1 AND server_upload_time >= $2::timestamptz AND server_upload_time < $3::timestamptz";
  const [first] = await tx.$queryRawUnsafe<{ at: Date }[]>(
    `SELECT server_upload_time AS at FROM events WHERE ${range} ORDER BY server_upload_time LIMIT 1`,
    ...params,
  );
  if (!first) {
    // No event is left, but merges of the range may be: one last chunk takes them.
    if (!withMerges) return null;
    const [merge] = await tx.$queryRawUnsafe<unknown[]>(
      `SELECT 1 FROM identity_merges WHERE project_id = $1 AND merge_server_time >= $2::timestamptz AND merge_server_time < $3::timestamptz LIMIT 1`,
      ...params,
    );
    return merge ? to : null;
  }
  const [cut] = await tx.$queryRawUnsafe<{ at: Date }[]>(
    `SELECT server_upload_time AS at FROM events WHERE ${range} ORDER BY server_upload_time OFFSET ${maxRows} LIMIT 1`,
    ...params,
  );
  if (!cut) return to;
  const firstAt = new Date(first.at).getTime();
  const cutAt = new Date(cut.at).getTime();
  return new Date(cutAt > firstAt ? cutAt : firstAt + 1);
}

/**
 * Opens the backfill's next chunk for `owner` (a run with its own frozen time window, filter,
 * target and file names), or resumes the chunk an earlier attempt left open. Null when the
 * backfill is not running, its destination is paused or deleted (or its project is), another
 * worker holds the open chunk, or nothing is left (the backfill is then marked completed: an
 * empty range costs no run).
 */
export async function planBackfillChunk(
  backfillId: string,
  owner: string,
  now = new Date(),
  maxRows = RUN_MAX_ROWS,
): Promise<PlannedRun | { completed: true } | null> {
  return db.$transaction(
    async (tx) => {
      await lockForPlanning(tx, planningKey.backfill(backfillId));
      const backfill = await tx.backfill.findUnique({
        where: { id: backfillId },
        include: { destination: { include: { project: { select: { deletedAt: true } } } } },
      });
      if (!backfill || backfill.status !== "RUNNING") return null;
      const { destination } = backfill;
      if (destination.deletedAt || destination.project.deletedAt || destination.state === "PAUSED")
        return null;
      const open = await tx.exportRun.findFirst({
        where: { backfillId, status: { in: ["QUEUED", "RUNNING"] } },
      });
      if (open && heldByAnother(open, owner, now)) return null;
      const lease = { leaseOwner: owner, leaseExpiresAt: leaseUntil(now) };
      if (open) {
        await tx.exportRun.update({
          where: { id: open.id },
          data: { status: "RUNNING", attempts: { increment: 1 }, ...lease },
        });
        return { runId: open.id, destinationId: destination.id };
      }
      const end = await chunkEnd(
        tx,
        destination.projectId,
        backfill.cursor,
        backfill.to,
        maxRows,
        Boolean(destination.mergedIdsTable),
      );
      if (!end) {
        await tx.backfill.update({
          where: { id: backfillId },
          data: { status: "COMPLETED", cursor: backfill.to, finishedAt: now },
        });
        return { completed: true };
      }
      const run = await tx.exportRun.create({
        data: {
          destinationId: destination.id,
          backfillId,
          trigger: "BACKFILL",
          status: "RUNNING",
          fromTime: backfill.cursor,
          toTime: end,
          // More chunks follow while the chunk ends before the backfill does.
          capped: end < backfill.to,
          filter: await freezeFilter(tx, destination.projectId, destination.filter),
          target: runTarget(destination),
          fileFormat: CURRENT_STAGED_FORMAT,
          startedAt: now,
          attempts: 1,
          ...lease,
        },
      });
      return { runId: run.id, destinationId: destination.id };
    },
    { timeout: 60_000 },
  );
}
