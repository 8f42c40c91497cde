import type { RowKey, RunWindow } from "@/lib/exports/window-query";

// The merges a run delivers with its events: those of the ledger in the run's frozen window,
// the same transactions as its events (a backfill chunk: the same upload times), in (txid, id)
// order, so that staging them again writes the same files. The recurring lane keeps the
// destination's time floor, as for events, so it meets a backfill without overlap.

export function mergesQuery(
  window: RunWindow,
  { after = null, limit }: { after?: RowKey | null; limit?: number } = {},
): { sql: string; params: unknown[] } {
  const params: unknown[] = [window.projectId];
  const bind = (value: unknown) => `$${params.push(value)}`;
  let bounds: string;
  if ("fromTime" in window)
    bounds = `m.merge_server_time >= ${bind(window.fromTime.toISOString())}::timestamptz AND m.merge_server_time < ${bind(window.toTime.toISOString())}::timestamptz`;
  else {
    bounds = `m.merge_server_time >= ${bind(window.exportFrom.toISOString())}::timestamptz AND m.txid < ${bind(window.toTxid.toString())}::bigint`;
    if (window.fromTxid !== null) bounds += ` AND m.txid >= ${bind(window.fromTxid.toString())}::bigint`;
  }
  const resume = after
    ? ` AND (m.txid, m.id) > (${bind(after.txid)}::bigint, ${bind(after.id)}::bigint)`
    : "";
  const limited = limit === undefined ? "" : ` LIMIT ${Math.trunc(limit)}`;
  return {
    sql: `SELECT m.txid, m.id, m.amplitude_id, m.merged_amplitude_id, m.merge_event_time, m.merge_server_time, p."appId" AS app FROM identity_merges AS m JOIN "Project" AS p ON p.id = m.project_id WHERE m.project_id = $1 AND ${bounds}${resume} ORDER BY m.txid, m.id${limited}`,
    params,
  };
}
