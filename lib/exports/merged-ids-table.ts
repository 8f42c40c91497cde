import { qualifiedName, quoteIdentifier, sqlStringLiteral } from "@/lib/databricks/identifiers";
import type { TableTarget } from "@/lib/exports/event-table";

// The merged-IDs table: Amplitude's user-merge ledger (identity_merges), typed as Amplitude's
// other warehouse destinations deliver it, so that events join back to a user's canonical
// amplitude_id. Clustered by merge_server_time (liquid clustering), the column its rows arrive
// and are read by.
// https://docs.databricks.com/aws/en/sql/language-manual/delta-copy-into

export const MERGED_ID_COLUMNS = [
  { name: "amplitude_id", type: "BIGINT" },
  { name: "merged_amplitude_id", type: "BIGINT" },
  { name: "merge_event_time", type: "TIMESTAMP" },
  { name: "merge_server_time", type: "TIMESTAMP" },
  { name: "app", type: "BIGINT" },
] as const;

/** The default name of a destination's merged-IDs table: beside its events table. */
export const defaultMergedIdsTable = (eventsTable: string) => `${eventsTable}_merged_ids`;

export function createMergedIdsTableSql(target: TableTarget): string {
  const columns = MERGED_ID_COLUMNS.map((c) => `  ${quoteIdentifier(c.name)} ${c.type}`).join(",\n");
  return `CREATE TABLE IF NOT EXISTS ${qualifiedName(target.catalog, target.schema, target.table)} (\n${columns}\n) USING DELTA CLUSTER BY (${quoteIdentifier("merge_server_time")})`;
}

/** COPY INTO of staged merge files by name, without `force`, as for events (event-table.ts). */
export function copyMergedIdsSql(target: TableTarget, directory: string, files: string[]): string {
  if (files.length === 0 || files.length > 1000) throw new Error("COPY INTO takes 1 to 1000 files");
  const select = MERGED_ID_COLUMNS.map(
    (c) => `CAST(${quoteIdentifier(c.name)} AS ${c.type}) AS ${quoteIdentifier(c.name)}`,
  ).join(", ");
  return `COPY INTO ${qualifiedName(target.catalog, target.schema, target.table)} FROM (SELECT ${select} FROM ${sqlStringLiteral(directory)}) FILEFORMAT = PARQUET FILES = (${files.map(sqlStringLiteral).join(", ")})`;
}

/**
 * A view that gives each event its canonical amplitude_id: the merged id of the latest ledger
 * row of its amplitude_id (ingest keeps that row final, closing merge chains as they form), or
 * its own. A window function, not a recursive query: WITH RECURSIVE needs Databricks Runtime 17.
 */
export function canonicalEventsViewSql(target: TableTarget, mergedIdsTable: string): string {
  const events = qualifiedName(target.catalog, target.schema, target.table);
  const merges = qualifiedName(target.catalog, target.schema, mergedIdsTable);
  const view = qualifiedName(target.catalog, target.schema, `${target.table}_canonical`);
  return [
    `CREATE OR REPLACE VIEW ${view} AS`,
    `SELECT e.*, COALESCE(m.merged_amplitude_id, e.amplitude_id) AS canonical_amplitude_id`,
    `FROM ${events} AS e`,
    `LEFT JOIN (`,
    `  SELECT amplitude_id, merged_amplitude_id FROM (`,
    `    SELECT amplitude_id, merged_amplitude_id,`,
    `      ROW_NUMBER() OVER (PARTITION BY amplitude_id ORDER BY merge_server_time DESC) AS newest`,
    `    FROM ${merges}`,
    `  ) AS ranked WHERE newest = 1`,
    `) AS m ON m.amplitude_id = e.amplitude_id`,
  ].join("\n");
}
