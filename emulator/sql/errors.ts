// Databricks SQL errors: `[ERROR_CLASS] message SQLSTATE: xxxxx`, as the warehouse reports them.

export class SqlError extends Error {
  constructor(
    readonly errorClass: string,
    readonly sqlState: string,
    detail: string,
  ) {
    super(`[${errorClass}] ${detail} SQLSTATE: ${sqlState}`);
    this.name = "SqlError";
  }
}

export const sqlErrors = {
  insufficientPermissions: (privilege: string, kind: string, name: string) =>
    new SqlError(
      "INSUFFICIENT_PERMISSIONS",
      "42501",
      `Insufficient privileges:\nUser does not have ${privilege} on ${kind} '${name}'.`,
    ),
  permissionDenied: (detail: string) => new SqlError("PERMISSION_DENIED", "42501", detail),
  tableNotFound: (name: string) =>
    new SqlError(
      "TABLE_OR_VIEW_NOT_FOUND",
      "42P01",
      `The table or view \`${name.split(".").join("`.`")}\` cannot be found. Verify the spelling and correctness of the schema and catalog.`,
    ),
  schemaNotFound: (name: string) =>
    new SqlError(
      "SCHEMA_NOT_FOUND",
      "42704",
      `The schema \`${name.split(".").join("`.`")}\` cannot be found. Verify the spelling and correctness of the schema and catalog.`,
    ),
  catalogNotFound: (name: string) =>
    new SqlError(
      "NO_SUCH_CATALOG_EXCEPTION",
      "42704",
      `Catalog '${name}' was not found. Please verify the catalog name and then retry the query or command again.`,
    ),
  volumeNotFound: (name: string) =>
    new SqlError(
      "VOLUME_NOT_FOUND",
      "42704",
      `The volume \`${name.split(".").join("`.`")}\` cannot be found.`,
    ),
  alreadyExists: (kind: string, name: string) =>
    new SqlError(
      `${kind.toUpperCase()}_ALREADY_EXISTS`,
      "42P07",
      `Cannot create ${kind} \`${name.split(".").join("`.`")}\` because it already exists.`,
    ),
  mergeFields: (detail: string) =>
    new SqlError("DELTA_FAILED_TO_MERGE_FIELDS", "22005", `Failed to merge fields: ${detail}`),
  syntax: (near: string) => new SqlError("PARSE_SYNTAX_ERROR", "42601", `Syntax error at or near '${near}'.`),
  invalidPath: (detail: string) => new SqlError("INVALID_PARAMETER_VALUE.LOCATION", "22023", detail),
  fileNotFound: (pathName: string) =>
    new SqlError("FILE_NOT_FOUND", "42K03", `File '${pathName}' does not exist.`),
  unsupported: (detail: string) => new SqlError("UNSUPPORTED_FEATURE", "0A000", detail),
  unresolvedColumn: (name: string) =>
    new SqlError(
      "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION",
      "42703",
      `A column, variable, or function parameter with name \`${name}\` cannot be resolved.`,
    ),
  expectViewNotTable: (statement: string, name: string) =>
    new SqlError(
      "EXPECT_VIEW_NOT_TABLE.NO_ALTERNATIVE",
      "42809",
      `'${statement}' expects a view but \`${name.split(".").join("`.`")}\` is a table.`,
    ),
  expectTableNotView: (statement: string, name: string) =>
    new SqlError(
      "EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE",
      "42809",
      `'${statement}' expects a table but \`${name.split(".").join("`.`")}\` is a view.`,
    ),
};
