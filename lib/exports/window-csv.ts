import "server-only";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import { to as copyTo } from "pg-copy-streams";
import { inlineParameters } from "@/lib/db/inline-parameters";
import { dbPool } from "@/lib/db/pool";
import { EXPORTED_COLUMNS, type EventColumn } from "@/lib/events/event-columns";
import { CsvRows } from "@/lib/exports/csv-rows";
import { windowQuery, type RowKey, type RunWindow } from "@/lib/exports/window-query";

// Reads a window's rows out of PostgreSQL with `COPY … TO STDOUT (FORMAT csv)`: the server
// writes plain typed text at its own speed, and this process only moves buffers from the socket
// to a local file. Each row starts with its txid and id (the resume key), then the exported
// columns in the table's order.

/** How a column leaves PostgreSQL: as its own text, arrays as JSON (Parquet's writer parses it). */
function csvExpression(c: EventColumn): string {
  const column = `"${c.name}"`;
  if (c.kind === "uuid" || c.kind === "json") return `${column}::text`;
  if (c.kind === "string-array") return `to_json(${column})::text`;
  return column;
}

export const CSV_SELECT = `txid, id, ${EXPORTED_COLUMNS.map(csvExpression).join(", ")}`;

export type CsvFile = { rows: number; bytes: number; last: RowKey };

/** Writes the events of a frozen window after `after` to `csvPath` (see copyQueryCsv). */
export function copyWindowCsv(
  window: RunWindow,
  after: RowKey | null,
  csvPath: string,
  limits: { maxRows: number; maxBytes: number },
): Promise<CsvFile | null> {
  // A recurring window is read in the order of the (project_id, txid, id) index, a range from
  // the resume key; without fresh statistics (after a bulk load) the planner may rather sort
  // the whole window for every file (measured: 4 s per file at 2,000,000 rows, 700 MB
  // spilled), so sorting is ruled out. A backfill chunk is bounded by rows and sorted.
  const query = windowQuery(window, CSV_SELECT, { after, limit: limits.maxRows });
  return copyQueryCsv(query, csvPath, { ...limits, allowSort: "fromTime" in window });
}

/**
 * Writes the rows of `query` (which selects txid and id first, in that order) to `csvPath`:
 * at most `maxRows`, and no more once `maxBytes` is reached (the file ends after the row that
 * reached it), so a file's boundaries depend only on the rows. Null when there is none.
 */
export async function copyQueryCsv(
  query: { sql: string; params: unknown[] },
  csvPath: string,
  { maxBytes, allowSort }: { maxBytes: number; allowSort: boolean },
): Promise<CsvFile | null> {
  const client = await dbPool().connect();
  const file = createWriteStream(csvPath);
  const written = finished(file);
  written.catch(() => {}); // observed below; this only keeps an early failure from going unhandled
  const rowsSeen = new CsvRows();
  let rows = 0;
  let bytes = 0;
  let cut = false;
  try {
    // Times in UTC ISO form and doubles at full precision, whatever the server's defaults.
    const settings = ["TimeZone = 'UTC'", "DateStyle = 'ISO'", "extra_float_digits = 1"];
    if (!allowSort) settings.push("enable_sort = off");
    await client.query(["BEGIN READ ONLY", ...settings.map((setting) => `SET LOCAL ${setting}`)].join("; "));
    const { sql, params } = query;
    const source = client.query(copyTo(`COPY (${inlineParameters(sql, params)}) TO STDOUT (FORMAT csv)`));
    for await (const chunk of source as AsyncIterable<Buffer>) {
      const scanned = rowsSeen.scan(chunk, maxBytes - bytes);
      rows += scanned.rows;
      bytes += scanned.keep;
      // A failed write (a full disk) fails the file at once.
      if (file.errored) throw file.errored;
      if (!file.write(scanned.full ? chunk.subarray(0, scanned.keep) : chunk))
        await Promise.race([once(file, "drain"), written]);
      if (scanned.full) {
        cut = true;
        break; // leaving the loop destroys the COPY stream
      }
    }
    if (!cut) await client.query("COMMIT");
    // A COPY left half-read cannot go on on this connection: it is closed, not pooled.
    client.release(cut);
  } catch (error) {
    client.release(true);
    file.destroy();
    throw error;
  }
  file.end();
  await written;
  const last = rowsSeen.lastKey();
  return rows > 0 && last ? { rows, bytes, last } : null;
}
