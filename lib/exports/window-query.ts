import type { EventFilter } from "@/lib/exports/event-filter";
import { compileFilterToSql } from "@/lib/exports/filter-sql";

// The rows of a run's frozen window, in the one order every staged format uses: (txid, id).
// Staging the same window again reads the same rows in the same order, so it writes the same
// files.

/** A recurring run's window: transactions [fromTxid, toTxid), or from the time floor for the first. */
export type TxidWindow = {
  projectId: string;
  fromTxid: bigint | null;
  exportFrom: Date;
  toTxid: bigint;
  filter: EventFilter;
};
/** A backfill chunk's window: events uploaded in [fromTime, toTime), all committed long ago. */
export type TimeWindow = { projectId: string; fromTime: Date; toTime: Date; filter: EventFilter };
export type RunWindow = TxidWindow | TimeWindow;

/** A row's place in the window's order: staging resumes after the last row of the previous file. */
export type RowKey = { txid: string; id: string };

/**
 * The window's bounds as SQL over $2 onwards, with their values. A recurring window always
 * keeps the destination's time floor, so that it meets a backfill (which ends at the floor)
 * without overlap, whatever the order in which rows were written.
 */
export function windowBounds(window: RunWindow): { sql: string; params: string[] } {
  if ("fromTime" in window)
    return {
      sql: "server_upload_time >= $2::timestamptz AND server_upload_time < $3::timestamptz",
      params: [window.fromTime.toISOString(), window.toTime.toISOString()],
    };
  if (window.fromTxid === null)
    return {
      sql: "server_upload_time >= $2::timestamptz AND txid < $3::bigint",
      params: [window.exportFrom.toISOString(), window.toTxid.toString()],
    };
  return {
    sql: "server_upload_time >= $2::timestamptz AND txid >= $3::bigint AND txid < $4::bigint",
    params: [window.exportFrom.toISOString(), window.fromTxid.toString(), window.toTxid.toString()],
  };
}

/**
 * `select` over the window's rows after `after` (at most `limit` of them), filtered, in (txid,
 * id) order, with every value a numbered parameter.
 */
export function windowQuery(
  window: RunWindow,
  select: string,
  { after = null, limit }: { after?: RowKey | null; limit?: number } = {},
): { sql: string; params: unknown[] } {
  const bounds = windowBounds(window);
  const filter = compileFilterToSql(window.filter, 2 + bounds.params.length);
  const params: unknown[] = [window.projectId, ...bounds.params, ...filter.params];
  let resume = "";
  if (after) {
    resume = ` AND (txid, id) > ($${params.length + 1}::bigint, $${params.length + 2}::bigint)`;
    params.push(after.txid, after.id);
  }
  const limited = limit === undefined ? "" : ` LIMIT ${Math.trunc(limit)}`;
  return {
    sql: `SELECT ${select} FROM events WHERE project_id = $1 AND ${bounds.sql} AND ${filter.sql}${resume} ORDER BY txid, id${limited}`,
    params,
  };
}
