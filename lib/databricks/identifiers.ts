// Unity Catalog names and the other values that reach SQL or a shell command: validated
// first, then quoted, so that no user text reaches either unchecked.

// Letters, digits, `_` and `-`, at most 255 characters: a strict subset of what Unity Catalog
// accepts, which keeps every name safe in SQL (backtick-quoted) and in shell (single-quoted JSON).
const UC_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,254}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMERIC_ID = /^[0-9]{1,19}$/;
const WAREHOUSE_ID = /^[0-9a-f]{16}$/i;

export const isUnityCatalogName = (value: string) => UC_NAME.test(value);
export const isApplicationId = (value: string) => UUID.test(value);
export const isNumericServicePrincipalId = (value: string) => NUMERIC_ID.test(value);
export const isWarehouseId = (value: string) => WAREHOUSE_ID.test(value);

/** Why `value` is not a usable Unity Catalog name, or null when it is. */
export function unityCatalogNameProblem(value: string): string | null {
  if (!value) return "is required";
  if (value.length > 255) return "must be at most 255 characters";
  if (!UC_NAME.test(value)) return "may contain only letters, digits, underscores (_) and hyphens (-)";
  return null;
}

/** A backtick-quoted identifier; a backtick inside is doubled (names are validated before anyway). */
export function quoteIdentifier(name: string): string {
  return `\`${name.replaceAll("`", "``")}\``;
}

export function qualifiedName(...parts: string[]): string {
  return parts.map(quoteIdentifier).join(".");
}

/** A single-quoted shell word: the only character that needs care inside is the quote itself. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * A Databricks SQL string literal. Backslash is the escape character there, and two adjacent
 * literals are concatenated ('it''s' reads "its"), so both the quote and the backslash are
 * escaped with a backslash; `$` is written \u0024, so that no `${…}` reaches Spark's variable
 * substitution, which reads the statement's text before it is parsed.
 * https://docs.databricks.com/aws/en/sql/language-manual/data-types/string-type
 */
export function sqlStringLiteral(value: string): string {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'").replaceAll("$", "\\u0024")}'`;
}
