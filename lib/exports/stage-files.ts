import "server-only";
import { createWriteStream, rmSync } from "node:fs";
import { once } from "node:events";
import { pipeline } from "node:stream/promises";
import path from "node:path";
import { createGzip } from "node:zlib";
import { dbPool } from "@/lib/db/pool";
import { EXPORTED_COLUMNS } from "@/lib/events/event-columns";
import type { EventFilter } from "@/lib/exports/event-filter";
import { compileFilterToSql } from "@/lib/exports/filter-sql";
import { FILE_MAX_BYTES } from "@/lib/exports/run-limits";

// Writes a run's window of events as gzip NDJSON files of bounded size, one file per call,
// streaming from a PostgreSQL cursor: memory holds one fetch of rows, whatever the window's
// size. PostgreSQL renders each line (timestamps in UTC ISO form, JSON columns as JSON text),
// and the order (txid, id) is fixed, so staging the same frozen window again writes the same
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
export type StagedFile = { name: string; localPath: string; rows: number; bytes: number };

const FETCH_ROWS = 5000;

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

/** One NDJSON line per row, rendered by PostgreSQL: times in UTC ISO form, JSON columns as text. */
export function lineExpression(): string {
  const pairs = EXPORTED_COLUMNS.map(({ name, kind }) => {
    const column = `"${name}"`;
    if (kind === "timestamp")
      return `'${name}', to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    if (kind === "json") return `'${name}', ${column}::text`;
    return `'${name}', ${column}`;
  });
  return `json_build_object(${pairs.join(", ")})::text`;
}

/** A row's place in the window's order: staging resumes after the last row of the previous file. */
export type RowKey = { txid: string; id: string };

/** The window's rows, in a fixed order; the first window of a destination starts at its time floor. */
export function windowQuery(
  window: RunWindow,
  after: RowKey | null = null,
): { sql: string; params: unknown[] } {
  const bounds = windowBounds(window);
  const filter = compileFilterToSql(window.filter, 2 + bounds.params.length);
  const params: unknown[] = [window.projectId, ...bounds.params, ...filter.params];
  let resume = "";
  if (after) {
    resume = ` AND (txid, id) > ($${params.length + 1}::bigint, $${params.length + 2}::bigint)`;
    params.push(after.txid, after.id);
  }
  return {
    sql: `SELECT txid::text AS row_txid, id::text AS row_id, ${lineExpression()} AS line FROM events WHERE project_id = $1 AND ${bounds.sql} AND ${filter.sql}${resume} ORDER BY txid, id`,
    params,
  };
}

export const stagedFileName = (index: number) => `part-${String(index).padStart(5, "0")}.json.gz`;

/**
 * Writes the next file of a frozen window: the rows after `after`, until the file reaches
 * `maxBytes` (checked after each fetch, so boundaries depend only on the frozen rows). Memory
 * holds one fetch; disk holds this one file. Null when no row is left. A failed write (a full
 * disk) fails the returned promise; nothing waits on a stream that errored.
 */
export async function writeWindowFile(
  window: RunWindow,
  after: RowKey | null,
  localPath: string,
  { maxBytes = FILE_MAX_BYTES, fetchRows = FETCH_ROWS } = {},
): Promise<{ rows: number; bytes: number; last: RowKey } | null> {
  const client = await dbPool().connect();
  const gzip = createGzip({ level: 6 });
  const written = pipeline(gzip, createWriteStream(localPath));
  written.catch(() => {}); // observed below; this only keeps an early failure from going unhandled
  let rows = 0;
  let bytes = 0;
  let last: RowKey | null = null;
  try {
    await client.query("BEGIN READ ONLY");
    const { sql, params } = windowQuery(window, after);
    await client.query(`DECLARE window_rows NO SCROLL CURSOR FOR ${sql}`, params);
    while (bytes < maxBytes) {
      const fetched = await client.query<{ row_txid: string; row_id: string; line: string }>(
        `FETCH ${fetchRows} FROM window_rows`,
      );
      if (fetched.rows.length === 0) break;
      const text = `${fetched.rows.map((row) => row.line).join("\n")}\n`;
      if (!gzip.write(text)) await Promise.race([once(gzip, "drain"), written]);
      rows += fetched.rows.length;
      bytes += Buffer.byteLength(text);
      // (Aliased apart from the columns: ORDER BY txid, id must sort the bigints, not this text.)
      const { row_txid: txid, row_id: id } = fetched.rows.at(-1)!;
      last = { txid, id };
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    gzip.destroy(error as Error);
    throw error;
  } finally {
    client.release();
  }
  gzip.end();
  await written;
  return last ? { rows, bytes, last } : null;
}

/** Writes a whole frozen window as files in `directory` (a test and benchmark helper). */
export async function writeWindowFiles(
  window: RunWindow,
  directory: string,
  maxBytesPerFile = FILE_MAX_BYTES,
  fetchRows = FETCH_ROWS,
): Promise<StagedFile[]> {
  const files: StagedFile[] = [];
  let after: RowKey | null = null;
  for (;;) {
    const name = stagedFileName(files.length);
    const localPath = path.join(directory, name);
    const file = await writeWindowFile(window, after, localPath, { maxBytes: maxBytesPerFile, fetchRows });
    if (!file) {
      rmSync(localPath, { force: true });
      return files;
    }
    files.push({ name, localPath, rows: file.rows, bytes: file.bytes });
    after = file.last;
  }
}
