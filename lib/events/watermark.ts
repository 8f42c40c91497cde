import "server-only";
import { db } from "@/lib/db/prisma";

// The export watermark is a transaction id, not a row id: sequence values are handed out in
// one order and committed in another, so a reader that advanced past id N could miss a row
// with a smaller id that commits later. Each row carries its writer's transaction id (txid);
// every transaction below the snapshot's xmin has finished, so reading txid < xmin sees rows
// that can no longer change, and a late committer's rows fall into a later window.

export type TxidWindow = { fromTxid: bigint; toTxid: bigint };

/** The safe horizon now: every transaction with an id below it has committed or aborted. */
export async function safeHorizon(): Promise<bigint> {
  const [row] = await db.$queryRawUnsafe<{ horizon: string }[]>(
    `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon`,
  );
  return BigInt(row!.horizon);
}

/**
 * The ids of a project's events in [fromTxid, horizon), with the horizon taken in the same
 * statement (the same snapshot) as the read. The next window starts at the returned horizon.
 */
export async function eventIdsSince(
  projectId: string,
  fromTxid: bigint,
): Promise<{ horizon: bigint; ids: bigint[] }> {
  const rows = await db.$queryRawUnsafe<{ horizon: string; id: string | null }[]>(
    `WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS horizon)
     SELECT h.horizon::text AS horizon, e.id::text AS id
     FROM h LEFT JOIN events e ON e.project_id = $1 AND e.txid >= $2::bigint AND e.txid < h.horizon
     ORDER BY e.txid, e.id`,
    projectId,
    fromTxid.toString(),
  );
  return { horizon: BigInt(rows[0]!.horizon), ids: rows.flatMap((row) => (row.id ? [BigInt(row.id)] : [])) };
}
