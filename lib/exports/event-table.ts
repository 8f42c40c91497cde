import { qualifiedName, quoteIdentifier } from "@/lib/databricks/identifiers";

// The Databricks event table (reference: Amplitude events §3): its typed columns, the DDL that
// creates it, and how each column is read from the staged NDJSON (everything cast, so that a
// column that is null throughout a file still lands in its type).

export type JsonColumnType = "STRING" | "VARIANT";
export type TableTarget = { catalog: string; schema: string; table: string };

const JSON_COLUMNS = ["event_properties", "user_properties", "groups", "group_properties", "data"] as const;

export const EVENT_TABLE_COLUMNS: { name: string; type: string }[] = [
  { name: "uuid", type: "STRING" },
  { name: "event_time", type: "TIMESTAMP" },
  { name: "event_type", type: "STRING" },
  { name: "user_id", type: "STRING" },
  { name: "device_id", type: "STRING" },
  { name: "amplitude_id", type: "BIGINT" },
  ...JSON_COLUMNS.map((name) => ({ name, type: "JSON" })),
  { name: "server_received_time", type: "TIMESTAMP" },
  { name: "server_upload_time", type: "TIMESTAMP" },
  { name: "client_event_time", type: "TIMESTAMP" },
  { name: "client_upload_time", type: "TIMESTAMP" },
  { name: "processed_time", type: "TIMESTAMP" },
  { name: "session_id", type: "BIGINT" },
  { name: "event_id", type: "BIGINT" },
  { name: "app", type: "BIGINT" },
  { name: "insert_id", type: "STRING" },
  { name: "version_name", type: "STRING" },
  { name: "start_version", type: "STRING" },
  { name: "platform", type: "STRING" },
  { name: "os_name", type: "STRING" },
  { name: "os_version", type: "STRING" },
  { name: "device_family", type: "STRING" },
  { name: "device_type", type: "STRING" },
  { name: "device_carrier", type: "STRING" },
  { name: "country", type: "STRING" },
  { name: "region", type: "STRING" },
  { name: "city", type: "STRING" },
  { name: "dma", type: "STRING" },
  { name: "language", type: "STRING" },
  { name: "ip_address", type: "STRING" },
  { name: "location_lat", type: "DOUBLE" },
  { name: "location_lng", type: "DOUBLE" },
  { name: "library", type: "STRING" },
  { name: "paying", type: "STRING" },
  { name: "sample_rate", type: "BIGINT" },
  { name: "amplitude_attribution_ids", type: "ARRAY<STRING>" },
];

/** A column's Databricks type for a destination ("JSON" columns are STRING or VARIANT). */
export const columnType = (type: string, json: JsonColumnType) => (type === "JSON" ? json : type);

export function createEventTableSql(target: TableTarget, json: JsonColumnType): string {
  const columns = EVENT_TABLE_COLUMNS.map(
    (column) => `  ${quoteIdentifier(column.name)} ${columnType(column.type, json)}`,
  ).join(",\n");
  return `CREATE TABLE IF NOT EXISTS ${qualifiedName(target.catalog, target.schema, target.table)} (\n${columns}\n) USING DELTA`;
}

/** The columns an existing table lacks (by name, case-insensitively), from its DESCRIBE TABLE rows. */
export function missingColumns(
  describedNames: string[],
  json: JsonColumnType,
): { name: string; type: string }[] {
  const present = new Set(describedNames.map((name) => name.toLowerCase()));
  return EVENT_TABLE_COLUMNS.filter((column) => !present.has(column.name)).map((column) => ({
    name: column.name,
    type: columnType(column.type, json),
  }));
}

export function addColumnsSql(target: TableTarget, columns: { name: string; type: string }[]): string {
  return `ALTER TABLE ${qualifiedName(target.catalog, target.schema, target.table)} ADD COLUMNS (${columns.map((c) => `${quoteIdentifier(c.name)} ${c.type}`).join(", ")})`;
}

/** How each column is read from the staged JSON: cast to its type (JSON text parsed for VARIANT). */
function selectExpression(column: { name: string; type: string }, json: JsonColumnType): string {
  const name = quoteIdentifier(column.name);
  if (column.type === "JSON")
    return json === "VARIANT" ? `PARSE_JSON(${name}) AS ${name}` : `CAST(${name} AS STRING) AS ${name}`;
  return `CAST(${name} AS ${column.type}) AS ${name}`;
}

/**
 * COPY INTO by file names (at most 1000 per statement), without `force`: a file already loaded
 * into the table is skipped, which makes a retried copy insert nothing twice.
 */
export function copyIntoSql(
  target: TableTarget,
  directory: string,
  files: string[],
  json: JsonColumnType,
): string {
  if (files.length === 0 || files.length > 1000) throw new Error("COPY INTO takes 1 to 1000 files");
  const select = EVENT_TABLE_COLUMNS.map((column) => selectExpression(column, json)).join(", ");
  const names = files.map((file) => `'${file.replaceAll("'", "''")}'`).join(", ");
  return `COPY INTO ${qualifiedName(target.catalog, target.schema, target.table)} FROM (SELECT ${select} FROM '${directory.replaceAll("'", "''")}') FILEFORMAT = JSON FILES = (${names})`;
}
