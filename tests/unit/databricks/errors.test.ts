import { describe, expect, it } from "vitest";
import { classifySqlError, DatabricksError } from "@/lib/databricks/errors";

class StagingError extends Error {} // the driver's class is told by its name

describe("classifySqlError", () => {
  // What Databricks and its Node.js driver say, each with where the text comes from:
  //   classes  https://docs.databricks.com/aws/en/error-messages/error-classes
  //   driver   @databricks/sql 2.1: ThriftHttpConnection.js (HTTP status), RetryError.js,
  //            DBSQLSession.js (StagingError of a PUT to the presigned URL)
  const cases: [source: string, message: string | Error, code: string, retryable: boolean][] = [
    [
      "error-classes#insufficient_permissions",
      "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have USE CATALOG on Catalog 'main'. SQLSTATE: 42501",
      "PERMISSION_DENIED",
      false,
    ],
    [
      "error-classes#permission_denied",
      "[PERMISSION_DENIED] User is not an owner of Table 'main.a.t'. SQLSTATE: 42501",
      "PERMISSION_DENIED",
      false,
    ],
    [
      "error-classes#table_or_view_not_found",
      "[TABLE_OR_VIEW_NOT_FOUND] The table or view `main`.`a`.`t` cannot be found. Verify the spelling and correctness of the schema and catalog. SQLSTATE: 42P01",
      "NOT_FOUND",
      false,
    ],
    [
      "error-classes#schema_not_found",
      "[SCHEMA_NOT_FOUND] The schema `main`.`a` cannot be found. SQLSTATE: 42704",
      "NOT_FOUND",
      false,
    ],
    [
      "error-classes#no_such_catalog_exception",
      "[NO_SUCH_CATALOG_EXCEPTION] Catalog 'x' was not found.",
      "NOT_FOUND",
      false,
    ],
    [
      "error-classes#delta_failed_to_merge_fields",
      "[DELTA_FAILED_TO_MERGE_FIELDS] Failed to merge fields 'event_time' and 'event_time'. SQLSTATE: 22005",
      "SCHEMA_MISMATCH",
      false,
    ],
    [
      "datatype-mismatch-error-class#cast_without_suggestion",
      '[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve "CAST(amplitude_attribution_ids AS ARRAY<STRING>)" due to data type mismatch: cannot cast "STRING" to "ARRAY<STRING>". SQLSTATE: 42K09',
      "SCHEMA_MISMATCH",
      false,
    ],
    [
      "error-classes#cast_invalid_input",
      '[CAST_INVALID_INPUT] The value \'yesterday\' of the type "STRING" cannot be cast to "TIMESTAMP" because it is malformed. SQLSTATE: 22018',
      "SCHEMA_MISMATCH",
      false,
    ],
    [
      "delta/schema-validation (UNRESOLVED_COLUMN.WITH_SUGGESTION)",
      "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `unknown_column` cannot be resolved. Did you mean one of the following? [`id`, `name`]. SQLSTATE: 42703",
      "SCHEMA_MISMATCH",
      false,
    ],
    [
      "error-classes#delta_features_require_manual_enablement",
      "[DELTA_FEATURES_REQUIRE_MANUAL_ENABLEMENT] Your table schema requires manually enablement of the following table feature(s): variantType. SQLSTATE: 0AKDE",
      "SCHEMA_MISMATCH",
      false,
    ],
    [
      "error-classes#parse_syntax_error",
      "[PARSE_SYNTAX_ERROR] Syntax error at or near 'CLUSTER'. SQLSTATE: 42601",
      "REJECTED",
      false,
    ],
    [
      "error-classes#temporarily_unavailable",
      "[TEMPORARILY_UNAVAILABLE] The service is temporarily unavailable. Please try again later.",
      "TRANSIENT",
      true,
    ],
    [
      "delta/concurrency-control (DELTA_CONCURRENT_APPEND)",
      "[DELTA_CONCURRENT_APPEND] ConcurrentAppendException: Files were added to the root of the table by a concurrent update. Please try the operation again. SQLSTATE: 2D521",
      "TRANSIENT",
      true,
    ],
    [
      "driver: warehouse starting or busy",
      "Received a response with a bad HTTP status code: 503",
      "TRANSIENT",
      true,
    ],
    ["driver: rate limited", "Received a response with a bad HTTP status code: 429", "TRANSIENT", true],
    ["driver: gave up its own retries", "Max retry count exceeded", "TRANSIENT", true],
    ["node: connection reset", "read ECONNRESET", "TRANSIENT", true],
    ["node: socket", "socket hang up", "TRANSIENT", true],
    [
      "driver: token refused",
      "Received a response with a bad HTTP status code: 403",
      "WAREHOUSE_ACCESS_DENIED",
      false,
    ],
    ["driver: no token", "Received a response with a bad HTTP status code: 401", "PERMISSION_DENIED", false],
    [
      "driver: PUT refused by the volume's storage",
      new StagingError("HTTP error 403 Forbidden"),
      "STORAGE_REFUSED",
      false,
    ],
    ["driver: storage busy", new StagingError("HTTP error 503 Slow Down"), "TRANSIENT", true],
    ["driver: storage error", new StagingError("HTTP error 500 Internal Server Error"), "TRANSIENT", true],
    ["no class: unknown", "Received a response with a bad HTTP status code: 500", "UNKNOWN", true],
    ["no class: unknown", "Something unexpected happened", "UNKNOWN", true],
    [
      "error-classes#internal_error",
      "[INTERNAL_ERROR] The Spark SQL phase execution failed with an internal error. SQLSTATE: XX000",
      "UNKNOWN",
      true,
    ],
  ];
  for (const [source, message, code, retryable] of cases) {
    const text = message instanceof Error ? message.message : message;
    it(`${code} for ${source}: ${text.split("\n")[0]!.slice(0, 50)}`, () => {
      const error = classifySqlError(message instanceof Error ? message : new Error(message));
      expect(error).toBeInstanceOf(DatabricksError);
      expect(error.code).toBe(code);
      expect(error.retryable).toBe(retryable);
    });
  }

  it("names what to do for a refused upload, and keeps Databricks' words for a refused statement", () => {
    expect(classifySqlError(new StagingError("HTTP error 403 Forbidden")).userMessage).toMatch(
      /cloud storage refused the upload: check the storage account's firewall/,
    );
    const rejected = classifySqlError(new Error("[PARSE_SYNTAX_ERROR] Syntax error at or near 'X'."));
    expect(rejected.userMessage).toMatch(/retrying will not help.*Syntax error at or near 'X'/);
  });

  it("keeps Databricks' words on one bounded line", () => {
    const error = classifySqlError(
      new Error(
        `[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have SELECT. ${"x".repeat(2000)}`,
      ),
    );
    expect(error.detail).toMatch(
      /^\[INSUFFICIENT_PERMISSIONS\] Insufficient privileges: User does not have SELECT\./,
    );
    expect(error.detail!.length).toBeLessThanOrEqual(500);
  });
});
