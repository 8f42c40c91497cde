import "server-only";
import { rmSync, statSync } from "node:fs";
import path from "node:path";
import type { CopyFileFormat } from "@/lib/exports/event-table";
import { FILE_MAX_BYTES, FILE_MAX_ROWS } from "@/lib/exports/run-limits";
import { writeNdjsonFile } from "@/lib/exports/stage-ndjson";
import { writeParquetFile } from "@/lib/exports/stage-parquet";
import type { RowKey, RunWindow } from "@/lib/exports/window-query";
import type { StagedFormat } from "@/lib/generated/prisma/client";

// A run's window is staged as files of bounded size, one file per call, in the format the run
// was planned with: zstd Parquet (stage-parquet.ts) for every run planned now, gzip NDJSON
// (stage-ndjson.ts) for runs planned before Parquet, which finish as they started. The order
// (txid, id) and the cut rules are fixed, so staging the same frozen window again writes the
// same files, byte for byte.

export type { StagedFormat };
export type WrittenFile = { rows: number; last: RowKey };
export type StagedFile = { name: string; localPath: string; rows: number; bytes: number };
export type FileLimits = { maxRows?: number; maxBytes?: number };

/** The format new runs are planned with. */
export const CURRENT_STAGED_FORMAT: StagedFormat = "PARQUET";

const EXTENSION: Record<StagedFormat, string> = { PARQUET: "parquet", NDJSON: "json.gz" };

/** How COPY INTO's FILEFORMAT names each staged format. */
export const COPY_FILE_FORMAT: Record<StagedFormat, CopyFileFormat> = { PARQUET: "PARQUET", NDJSON: "JSON" };

export const stagedFileName = (format: StagedFormat, index: number) =>
  `part-${String(index).padStart(5, "0")}.${EXTENSION[format]}`;

/** A run's merge-ledger files (always Parquet: the merged-IDs export came after NDJSON). */
export const mergesFileName = (index: number) => `merges-${String(index).padStart(5, "0")}.parquet`;

/**
 * Writes the next file of a frozen window (the rows after `after`) to `localPath`, at most
 * `maxRows` rows and ending after the row that reaches `maxBytes` of the rows as read from
 * PostgreSQL. Null when no row is left. A failed write (a full disk) fails the promise.
 */
export async function writeWindowFile(
  format: StagedFormat,
  window: RunWindow,
  after: RowKey | null,
  localPath: string,
  { maxRows, maxBytes = FILE_MAX_BYTES }: FileLimits = {},
): Promise<WrittenFile | null> {
  // NDJSON files keep the rule they were planned with: bytes only.
  if (format === "NDJSON") return writeNdjsonFile(window, after, localPath, { maxBytes, maxRows });
  return writeParquetFile(window, after, localPath, { maxRows: maxRows ?? FILE_MAX_ROWS, maxBytes });
}

/** Writes a whole frozen window as files in `directory` (a test and benchmark helper). */
export async function writeWindowFiles(
  format: StagedFormat,
  window: RunWindow,
  directory: string,
  limits: FileLimits = {},
): Promise<StagedFile[]> {
  const files: StagedFile[] = [];
  let after: RowKey | null = null;
  for (;;) {
    const name = stagedFileName(format, files.length);
    const localPath = path.join(directory, name);
    const file = await writeWindowFile(format, window, after, localPath, limits);
    if (!file) {
      rmSync(localPath, { force: true });
      return files;
    }
    files.push({ name, localPath, rows: file.rows, bytes: statSync(localPath).size });
    after = file.last;
  }
}
