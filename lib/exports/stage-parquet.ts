import "server-only";
import { rmSync } from "node:fs";
import { convertCsvToParquet, MERGED_IDS_LAYOUT } from "@/lib/exports/csv-to-parquet";
import { mergesQuery } from "@/lib/exports/merge-window";
import { copyQueryCsv, copyWindowCsv } from "@/lib/exports/window-csv";
import type { WrittenFile } from "@/lib/exports/stage-files";
import type { RowKey, RunWindow } from "@/lib/exports/window-query";

/**
 * Writes the next Parquet file of a frozen window: PostgreSQL copies the rows out as CSV to a
 * local file beside it, DuckDB converts that to Parquet, and the CSV is removed. Disk holds one
 * file's CSV and its Parquet at most. Null when no row is left.
 */
export async function writeParquetFile(
  window: RunWindow,
  after: RowKey | null,
  localPath: string,
  limits: { maxRows: number; maxBytes: number },
): Promise<WrittenFile | null> {
  const csvPath = `${localPath}.csv`;
  try {
    const csv = await copyWindowCsv(window, after, csvPath, limits);
    if (!csv) return null;
    await convertCsvToParquet(csvPath, localPath);
    return { rows: csv.rows, last: csv.last };
  } finally {
    rmSync(csvPath, { force: true });
  }
}

/** Writes the next Parquet file of a frozen window's merges (merge-window.ts), as for events. */
export async function writeMergesParquetFile(
  window: RunWindow,
  after: RowKey | null,
  localPath: string,
  { maxRows, maxBytes }: { maxRows: number; maxBytes: number },
): Promise<WrittenFile | null> {
  const csvPath = `${localPath}.csv`;
  try {
    const query = mergesQuery(window, { after, limit: maxRows });
    const csv = await copyQueryCsv(query, csvPath, { maxBytes, allowSort: true });
    if (!csv) return null;
    await convertCsvToParquet(csvPath, localPath, MERGED_IDS_LAYOUT);
    return { rows: csv.rows, last: csv.last };
  } finally {
    rmSync(csvPath, { force: true });
  }
}
