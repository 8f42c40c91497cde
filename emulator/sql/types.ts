// Databricks column types, their DuckDB storage, and how results are typed on the wire.
import { SqlError } from "./errors.ts";

const SCALARS: Record<string, string> = {
  STRING: "VARCHAR",
  VARCHAR: "VARCHAR",
  BIGINT: "BIGINT",
  LONG: "BIGINT",
  INT: "INTEGER",
  INTEGER: "INTEGER",
  SMALLINT: "SMALLINT",
  TINYINT: "TINYINT",
  DOUBLE: "DOUBLE",
  FLOAT: "FLOAT",
  BOOLEAN: "BOOLEAN",
  // Databricks' TIMESTAMP is an instant (shown in the session time zone, UTC here).
  TIMESTAMP: "TIMESTAMP WITH TIME ZONE",
  TIMESTAMP_NTZ: "TIMESTAMP",
  DATE: "DATE",
  BINARY: "BLOB",
  VARIANT: "JSON",
};

/** Normalises a Databricks type as written in DDL (`array < string >` → `ARRAY<STRING>`). */
export function normaliseType(type: string): string {
  return type.replace(/\s+/g, "").toUpperCase();
}

/** The DuckDB type that stores a Databricks type; unsupported types are an error. */
export function duckTypeOf(databricksType: string): string {
  const type = normaliseType(databricksType);
  if (SCALARS[type]) return SCALARS[type]!;
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(type);
  if (decimal) return `DECIMAL(${decimal[1]},${decimal[2]})`;
  const array = /^ARRAY<(.+)>$/.exec(type);
  if (array) return `${duckTypeOf(array[1]!)}[]`;
  const map = /^MAP<([A-Z_]+),(.+)>$/.exec(type);
  if (map) return `MAP(${duckTypeOf(map[1]!)}, ${duckTypeOf(map[2]!)})`;
  throw new SqlError("UNSUPPORTED_DATATYPE", "0A000", `Unsupported data type "${databricksType}".`);
}

/** Thrift TTypeId names (TCLIService) for a DuckDB result column type. */
export function thriftTypeOf(duckType: string): string {
  const type = duckType.toUpperCase();
  if (type === "BOOLEAN") return "BOOLEAN_TYPE";
  if (["TINYINT", "SMALLINT", "INTEGER", "UTINYINT", "USMALLINT"].includes(type)) return "INT_TYPE";
  if (["BIGINT", "HUGEINT", "UBIGINT", "UINTEGER"].includes(type)) return "BIGINT_TYPE";
  if (["DOUBLE", "FLOAT"].includes(type)) return "DOUBLE_TYPE";
  if (type.startsWith("DECIMAL")) return "DECIMAL_TYPE";
  if (type.startsWith("TIMESTAMP")) return "TIMESTAMP_TYPE";
  if (type === "DATE") return "DATE_TYPE";
  if (type === "BLOB") return "BINARY_TYPE";
  if (type.endsWith("[]")) return "ARRAY_TYPE";
  if (type.startsWith("MAP(")) return "MAP_TYPE";
  if (type.startsWith("STRUCT(")) return "STRUCT_TYPE";
  return "STRING_TYPE";
}

/** The Databricks type name a result column is described with. */
export function databricksTypeName(duckType: string): string {
  const type = duckType.toUpperCase();
  if (type === "VARCHAR" || type === "JSON") return "string";
  if (type === "INTEGER") return "int";
  if (type === "HUGEINT" || type === "UBIGINT") return "bigint";
  if (type === "TIMESTAMP WITH TIME ZONE") return "timestamp";
  if (type === "TIMESTAMP") return "timestamp_ntz";
  if (type.endsWith("[]")) return `array<${databricksTypeName(type.slice(0, -2))}>`;
  return type.toLowerCase();
}

const INTEGERS = [
  "TINYINT",
  "SMALLINT",
  "INTEGER",
  "BIGINT",
  "HUGEINT",
  "UTINYINT",
  "USMALLINT",
  "UINTEGER",
  "UBIGINT",
];

/**
 * Whether a loaded column of type `source` may be written into a table column of type
 * `target` (DuckDB names) without a cast in the query: Delta's schema enforcement, which
 * widens numbers but never turns a string into a timestamp or a JSON value by itself.
 */
export function typesCompatible(source: string, target: string): boolean {
  const s = source.toUpperCase();
  const t = target.toUpperCase();
  if (s === t || s === '"NULL"' || s === "NULL") return true;
  if (
    INTEGERS.includes(s) &&
    (INTEGERS.includes(t) || t === "DOUBLE" || t === "FLOAT" || t.startsWith("DECIMAL"))
  )
    return true;
  if (s === "FLOAT" && t === "DOUBLE") return true;
  if (s === "TIMESTAMP" && t === "TIMESTAMP WITH TIME ZONE") return true;
  if (s === "DATE" && t.startsWith("TIMESTAMP")) return true;
  if (t === "JSON" && s === "JSON") return true;
  if (s.endsWith("[]") && t.endsWith("[]")) return typesCompatible(s.slice(0, -2), t.slice(0, -2));
  return false;
}
