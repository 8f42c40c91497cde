import { qualifiedName, quoteIdentifier, sqlStringLiteral } from "@/lib/databricks/identifiers";
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

/**
 * A new table is clustered by event time and type (liquid clustering), the columns analysts
 * filter on first; an existing table keeps its layout.
 * https://docs.databricks.com/aws/en/delta/clustering
 */
export const CLUSTER_COLUMNS = ["event_time", "event_type"] as const;

export function createEventTableSql(target: TableTarget, json: JsonColumnType): string {
  const columns = tableColumns(json)
    .map((c) => `  ${quoteIdentifier(c.name)} ${c.type}`)
    .join(",\n");
  const clustering = CLUSTER_COLUMNS.map(quoteIdentifier).join(", ");
  return `CREATE TABLE IF NOT EXISTS ${tableName(target)} (\n${columns}\n) USING DELTA CLUSTER BY (${clustering})`;
}

/**
 * The table's columns from DESCRIBE TABLE rows: the rows before the first blank or `# …` row
 * (the partitioning and clustering sections that follow repeat some columns).
 */
export function describedColumns(rows: Record<string, unknown>[]): TableColumn[] {
  const columns: TableColumn[] = [];
  for (const row of rows) {
    const name = String(row.col_name ?? "").trim();
    if (!name || name.startsWith("#")) break;
    columns.push({ name, type: String(row.data_type ?? "") });
  }
  return columns;
}

/** The columns an existing table lacks (by name, case-insensitively). */
export function missingColumns(described: TableColumn[], json: JsonColumnType): TableColumn[] {
  const present = new Set(described.map((c) => c.name.toLowerCase()));
  return tableColumns(json).filter((c) => !present.has(c.name));
}

const sameType = (a: string, b: string) =>
  a.replace(/\s+/g, "").toLowerCase() === b.replace(/\s+/g, "").toLowerCase();

export type TypeMismatch = { name: string; actual: string; expected: string };

/** The exported columns an existing table holds with another type than the export writes. */
export function typeMismatches(described: TableColumn[], json: JsonColumnType): TypeMismatch[] {
  const expected = new Map(tableColumns(json).map((c) => [c.name, c.type]));
  return described.flatMap(({ name, type }) => {
    const wanted = expected.get(name.toLowerCase());
    return wanted && !sameType(type, wanted) ? [{ name, actual: type.toUpperCase(), expected: wanted }] : [];
  });
}

/**
 * Turns on the VARIANT type for an existing table, which adding a VARIANT column requires.
 * `variantType` is the feature's name on current runtimes (15.4 LTS and above, which SQL
 * warehouses run); older runtimes called it `variantType-preview`.
 * https://docs.databricks.com/aws/en/tables/features/variant
 */
export const enableVariantSql = (target: TableTarget) =>
  `ALTER TABLE ${tableName(target)} SET TBLPROPERTIES ('delta.feature.variantType' = 'supported')`;

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
  { validate = false } = {},
): string {
  if (files.length === 0 || files.length > 1000) throw new Error("COPY INTO takes 1 to 1000 files");
  const select = EXPORTED_COLUMNS.map((c) => selectExpression(c, json)).join(", ");
  // VALIDATE reads and casts the files without writing to the table (Verify connection).
  const validation = validate ? " VALIDATE ALL" : "";
  return `COPY INTO ${tableName(target)} FROM (SELECT ${select} FROM ${sqlStringLiteral(directory)}) FILEFORMAT = ${format}${validation} FILES = (${files.map(sqlStringLiteral).join(", ")})`;
}
