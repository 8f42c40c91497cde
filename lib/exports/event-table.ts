import { qualifiedName, quoteIdentifier } from "@/lib/databricks/identifiers";
import {
  databricksType,
  EXPORTED_COLUMNS,
  type EventColumn,
  type JsonColumnType,
} from "@/lib/events/event-columns";

// The Databricks event table, derived from the column spec (lib/events/event-columns.ts): the
// DDL that creates it, the columns an older table lacks, and how each column is read from the
// staged files (everything cast, so that a column that is null throughout a file still lands
// in its type).

export type { JsonColumnType };
export type TableTarget = { catalog: string; schema: string; table: string };
export type TableColumn = { name: string; type: string };

const tableName = (target: TableTarget) => qualifiedName(target.catalog, target.schema, target.table);

/** The table's columns with their Databricks types, for a destination's JSON column type. */
export const tableColumns = (json: JsonColumnType): TableColumn[] =>
  EXPORTED_COLUMNS.map((c) => ({ name: c.name, type: databricksType(c, json) }));

export function createEventTableSql(target: TableTarget, json: JsonColumnType): string {
  const columns = tableColumns(json)
    .map((c) => `  ${quoteIdentifier(c.name)} ${c.type}`)
    .join(",\n");
  return `CREATE TABLE IF NOT EXISTS ${tableName(target)} (\n${columns}\n) USING DELTA`;
}

/** The columns an existing table lacks (by name, case-insensitively), from its DESCRIBE TABLE rows. */
export function missingColumns(describedNames: string[], json: JsonColumnType): TableColumn[] {
  const present = new Set(describedNames.map((name) => name.toLowerCase()));
  return tableColumns(json).filter((c) => !present.has(c.name));
}

export function addColumnsSql(target: TableTarget, columns: TableColumn[]): string {
  const list = columns.map((c) => `${quoteIdentifier(c.name)} ${c.type}`).join(", ");
  return `ALTER TABLE ${tableName(target)} ADD COLUMNS (${list})`;
}

/**
 * How a column is read from a staged file: cast to its type (JSON text parsed for VARIANT). A
 * Parquet file is typed already, so its casts change nothing; they make a column that is null
 * throughout a JSON file land in its type.
 */
function selectExpression(c: EventColumn, json: JsonColumnType): string {
  const name = quoteIdentifier(c.name);
  if (c.kind === "json" && json === "VARIANT") return `PARSE_JSON(${name}) AS ${name}`;
  return `CAST(${name} AS ${databricksType(c, json)}) AS ${name}`;
}

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** The staged files' format, as COPY INTO's FILEFORMAT names it. */
export type CopyFileFormat = "PARQUET" | "JSON";

/**
 * COPY INTO by file names (at most 1000 per statement), without `force`: a file already loaded
 * into the table is skipped, which makes a retried copy insert nothing twice. Columns are read
 * by name.
 * https://docs.databricks.com/aws/en/sql/language-manual/delta-copy-into
 */
export function copyIntoSql(
  target: TableTarget,
  directory: string,
  files: string[],
  json: JsonColumnType,
  format: CopyFileFormat,
): string {
  if (files.length === 0 || files.length > 1000) throw new Error("COPY INTO takes 1 to 1000 files");
  const select = EXPORTED_COLUMNS.map((c) => selectExpression(c, json)).join(", ");
  return `COPY INTO ${tableName(target)} FROM (SELECT ${select} FROM ${sqlString(directory)}) FILEFORMAT = ${format} FILES = (${files.map(sqlString).join(", ")})`;
}
