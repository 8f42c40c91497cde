import "server-only";
import { tmpdir } from "node:os";
import path from "node:path";
import { EXPORTED_COLUMNS, type ColumnKind } from "@/lib/events/event-columns";

// Turns a window's CSV (window-csv.ts) into a zstd Parquet file typed to the Databricks table,
// with DuckDB: timestamps as UTC instants (TIMESTAMP_MICROS, adjusted to UTC), BIGINT, DOUBLE,
// ARRAY<STRING> as a list of strings, and JSON columns as strings. Rows keep their order, and
// one thread writes them, so the same CSV always gives the same bytes.
//
// DuckDB (its Node API, whose platform binding arrives as an optional dependency of
// @duckdb/node-bindings) was measured against hyparquet-writer: 450,000 rows/s against 34,000,
// and 5.7 MB against 14.6 MB for 200,000 events (hyparquet-writer holds the whole file in memory
// and compresses with Snappy only; Node 20 has no zstd). It is imported here alone, so only the
// export step loads it. No extension is installed or loaded at run time: Parquet, JSON and ICU
// are built into the binding.

/** DuckDB's type for reading each kind from the CSV. */
const CSV_TYPE: Record<ColumnKind, string> = {
  string: "VARCHAR",
  uuid: "VARCHAR",
  timestamp: "TIMESTAMPTZ",
  bigint: "BIGINT",
  double: "DOUBLE",
  json: "VARCHAR",
  "string-array": "VARCHAR", // JSON text, parsed below
};

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** A CSV's columns (after the resume key) with DuckDB's types, and what the Parquet file holds. */
export type CsvLayout = { columns: [string, string][]; select: string };

/** The events table's layout. */
export const EVENTS_LAYOUT: CsvLayout = {
  columns: EXPORTED_COLUMNS.map((c) => [c.name, CSV_TYPE[c.kind]]),
  select: EXPORTED_COLUMNS.map((c) =>
    c.kind === "string-array"
      ? `CAST(CAST(${quote(c.name)} AS JSON) AS VARCHAR[]) AS ${quote(c.name)}`
      : quote(c.name),
  ).join(", "),
};

/** The merged-IDs table's layout (merged-ids-table.ts, merge-window.ts). */
export const MERGED_IDS_LAYOUT: CsvLayout = {
  columns: [
    ["amplitude_id", "BIGINT"],
    ["merged_amplitude_id", "BIGINT"],
    ["merge_event_time", "TIMESTAMPTZ"],
    ["merge_server_time", "TIMESTAMPTZ"],
    ["app", "BIGINT"],
  ],
  select: ["amplitude_id", "merged_amplitude_id", "merge_event_time", "merge_server_time", "app"]
    .map(quote)
    .join(", "),
};

/**
 * Rows per Parquet row group, and bytes of CSV read at a time: DuckDB holds a row group and a
 * read buffer while it writes, so these bound the conversion's memory. Measured converting
 * 180,000 of the benchmark's events (127 MB of CSV), above the process's resting RSS: 83 MB at
 * 20,000 rows, 65 MB at 15,000 for 3 % more bytes, 53 MB at 10,000 for 10 % more (DuckDB's
 * defaults, 122,880 rows and 32 MiB, took 280 MB).
 */
const ROW_GROUP_ROWS = 15_000;
const READ_BUFFER_BYTES = 1024 * 1024;

/** Converts `csvPath` to `parquetPath` (events by default), with an instance of DuckDB of its own. */
export async function convertCsvToParquet(
  csvPath: string,
  parquetPath: string,
  layout: CsvLayout = EVENTS_LAYOUT,
) {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  // An instance per file: one kept for the process held its buffers and grew past 350 MB
  // over a 5,000,000-event backfill (measured), where one per file stays near 300 MB.
  const instance = await DuckDBInstance.create(":memory:", {
    threads: "1",
    memory_limit: "64MB",
    preserve_insertion_order: "true",
    // Spill files, if a file ever needed them: the serverless function's writable /tmp.
    temp_directory: path.join(tmpdir(), "deltaport-duckdb"),
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "false",
    allocator_flush_threshold: "8MB",
  });
  try {
    const connection = await instance.connect();
    try {
      const csvColumns = [["row_txid", "BIGINT"], ["row_id", "BIGINT"], ...layout.columns];
      const columns = csvColumns.map(([name, type]) => `${literal(name!)}: ${literal(type!)}`).join(", ");
      // PostgreSQL writes NULL as an empty field and an empty string as "".
      const reader = `read_csv(${literal(csvPath)}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false, buffer_size = ${READ_BUFFER_BYTES}, columns = {${columns}})`;
      await connection.run(
        `COPY (SELECT ${layout.select} FROM ${reader}) TO ${literal(parquetPath)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${ROW_GROUP_ROWS})`,
      );
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
