import "server-only";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { dbPool } from "@/lib/db/pool";
import { EXPORTED_COLUMNS } from "@/lib/events/event-columns";
import { windowQuery, type RowKey, type RunWindow } from "@/lib/exports/window-query";
import type { WrittenFile } from "@/lib/exports/stage-files";

// The first staged format: gzip NDJSON rendered by PostgreSQL and read through a cursor. New
// runs stage Parquet (stage-parquet.ts); this writer stays for the runs planned before that
// change, which finish in the format they were planned with, and as the benchmark's baseline.

const FETCH_ROWS = 5000;

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

// (Aliased apart from the columns: ORDER BY txid, id must sort the bigints, not this text.)
const SELECT = `txid::text AS row_txid, id::text AS row_id, ${lineExpression()} AS line`;

/**
 * Writes the next gzip NDJSON file of a frozen window: the rows after `after`, until the file
 * reaches `maxBytes` (checked after each fetch, so boundaries depend only on the frozen rows)
 * or `maxRows` (no cap for the runs this format still serves).
 * Memory holds one fetch; a failed write (a full disk) fails the returned promise.
 */
export async function writeNdjsonFile(
  window: RunWindow,
  after: RowKey | null,
  localPath: string,
  { maxBytes, maxRows = Infinity }: { maxBytes: number; maxRows?: number },
): Promise<WrittenFile | null> {
  const client = await dbPool().connect();
  const gzip = createGzip({ level: 6 });
  const written = pipeline(gzip, createWriteStream(localPath));
  written.catch(() => {}); // observed below; this only keeps an early failure from going unhandled
  let rows = 0;
  let bytes = 0;
  let last: RowKey | null = null;
  try {
    await client.query("BEGIN READ ONLY");
    const { sql, params } = windowQuery(window, SELECT, { after });
    await client.query(`DECLARE window_rows NO SCROLL CURSOR FOR ${sql}`, params);
    while (bytes < maxBytes && rows < maxRows) {
      const fetched = await client.query<{ row_txid: string; row_id: string; line: string }>(
        `FETCH ${Math.min(FETCH_ROWS, maxRows - rows)} FROM window_rows`,
      );
      if (fetched.rows.length === 0) break;
      const text = `${fetched.rows.map((row) => row.line).join("\n")}\n`;
      if (!gzip.write(text)) await Promise.race([once(gzip, "drain"), written]);
      rows += fetched.rows.length;
      bytes += Buffer.byteLength(text);
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
  return last ? { rows, last } : null;
}
