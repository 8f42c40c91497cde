import { describe, expect, it } from "vitest";
import { classifySqlError, DatabricksError } from "@/lib/databricks/errors";

describe("classifySqlError", () => {
  const cases: [string, string, boolean][] = [
    [
      "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have USE CATALOG on Catalog 'main'. SQLSTATE: 42501",
      "PERMISSION_DENIED",
      false,
    ],
    [
      "[PERMISSION_DENIED] User is not an owner of Table 'main.a.t'. SQLSTATE: 42501",
      "PERMISSION_DENIED",
      false,
    ],
    [
      "[TABLE_OR_VIEW_NOT_FOUND] The table or view `main`.`a`.`t` cannot be found. SQLSTATE: 42P01",
      "NOT_FOUND",
      false,
    ],
    ["[SCHEMA_NOT_FOUND] The schema `main`.`a` cannot be found. SQLSTATE: 42704", "NOT_FOUND", false],
    ["[NO_SUCH_CATALOG_EXCEPTION] Catalog 'x' was not found.", "NOT_FOUND", false],
    ["[DELTA_FAILED_TO_MERGE_FIELDS] Failed to merge fields 'event_time'", "SCHEMA_MISMATCH", false],
    ["Request failed with status code 403", "WAREHOUSE_ACCESS_DENIED", false],
    ["Request failed with status code 401", "PERMISSION_DENIED", false],
    ["Request failed with status code 503", "TRANSIENT", true],
    ["Request failed with status code 429", "TRANSIENT", true],
    ["socket hang up", "TRANSIENT", true],
  ];
  for (const [message, code, retryable] of cases) {
    it(`${code} for: ${message.split("\n")[0]!.slice(0, 60)}`, () => {
      const error = classifySqlError(new Error(message));
      expect(error).toBeInstanceOf(DatabricksError);
      expect(error.code).toBe(code);
      expect(error.retryable).toBe(retryable);
    });
  }

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
