import "server-only";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import { createGzip } from "node:zlib";
import { dbPool } from "@/lib/db/pool";
import { EXPORTED_COLUMNS } from "@/lib/events/event-columns";
import type { EventFilter } from "@/lib/exports/event-filter";
import { compileFilterToSql } from "@/lib/exports/filter-sql";

// Writes a run's window of events as gzip NDJSON files of bounded size, streaming from a
// PostgreSQL cursor: memory holds one fetch of rows, whatever the window's size. PostgreSQL
// renders each line (timestamps in UTC ISO form, JSON columns as JSON text), and the order
// (txid, id) is fixed, so staging the same frozen window again writes the same files.

export type RunWindow = {
  projectId: string;
  fromTxid: bigint | null;
  exportFrom: Date;
  toTxid: bigint;
  filter: EventFilter;
};
export type StagedFile = { name: string; localPath: string; rows: number; bytes: number };

const FETCH_ROWS = 5000;

/** One NDJSON line per row, rendered by PostgreSQL: times in UTC ISO form, JSON columns as text. */
function lineExpression(): string {
  const pairs = EXPORTED_COLUMNS.map(({ name, kind }) => {
    const column = `"${name}"`;
    if (kind === "timestamp")
      return `'${name}', to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    if (kind === "json") return `'${name}', ${column}::text`;
    return `'${name}', ${column}`;
  });
  return `json_build_object(${pairs.join(", ")})::text`;
}

/** The window's rows, in a fixed order; the first window of a destination starts at its time floor. */
export function windowQuery(window: RunWindow): { sql: string; params: unknown[] } {
  const lower = window.fromTxid === null ? `server_upload_time >= $2::timestamptz` : `txid >= $2::bigint`;
  const filter = compileFilterToSql(window.filter, 4);
  return {
    sql: `SELECT ${lineExpression()} AS line FROM events WHERE project_id = $1 AND ${lower} AND txid < $3::bigint AND ${filter.sql} ORDER BY txid, id`,
    params: [
      window.projectId,
      window.fromTxid === null ? window.exportFrom.toISOString() : window.fromTxid.toString(),
      window.toTxid.toString(),
      ...filter.params,
    ],
  };
}

export async function writeWindowFiles(
  window: RunWindow,
  directory: string,
  maxBytesPerFile = 128 * 1024 * 1024,
  fetchRows = FETCH_ROWS,
): Promise<StagedFile[]> {
  const files: StagedFile[] = [];
  let current: { file: StagedFile; gzip: ReturnType<typeof createGzip>; done: Promise<unknown> } | undefined;
  const close = async () => {
    if (!current) return;
    current.gzip.end();
    await current.done;
    files.push(current.file);
    current = undefined;
  };
  const open = () => {
    const name = `part-${String(files.length).padStart(5, "0")}.json.gz`;
    const localPath = path.join(directory, name);
    const gzip = createGzip({ level: 6 });
    const out = createWriteStream(localPath);
    gzip.pipe(out);
    current = { file: { name, localPath, rows: 0, bytes: 0 }, gzip, done: once(out, "finish") };
    return current;
  };

  const client = await dbPool().connect();
  try {
    await client.query("BEGIN READ ONLY");
    const { sql, params } = windowQuery(window);
    await client.query(`DECLARE window_rows NO SCROLL CURSOR FOR ${sql}`, params);
    for (;;) {
      const { rows } = await client.query<{ line: string }>(`FETCH ${fetchRows} FROM window_rows`);
      if (rows.length === 0) break;
      // One write per fetch; a file ends after the fetch that reaches the size bound, so file
      // boundaries depend only on the (frozen) rows.
      const text = `${rows.map((row) => row.line).join("\n")}\n`;
      const target = current ?? open();
      if (!target.gzip.write(text)) await once(target.gzip, "drain");
      target.file.rows += rows.length;
      target.file.bytes += Buffer.byteLength(text);
      if (target.file.bytes >= maxBytesPerFile) await close();
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
    await close();
  }
  return files;
}
