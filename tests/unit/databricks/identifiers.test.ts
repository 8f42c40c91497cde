import { describe, expect, it } from "vitest";
import {
  isApplicationId,
  isNumericServicePrincipalId,
  isWarehouseId,
  qualifiedName,
  quoteIdentifier,
  shellQuote,
  unityCatalogNameProblem,
} from "@/lib/databricks/identifiers";

describe("identifiers", () => {
  it("accepts Unity Catalog names of letters, digits, _ and -", () => {
    for (const name of ["main", "analytics", "checkout_events", "prod-2026", "_tmp", "A1"])
      expect(unityCatalogNameProblem(name)).toBeNull();
  });

  it("says what is wrong with other names", () => {
    expect(unityCatalogNameProblem("")).toBe("is required");
    expect(unityCatalogNameProblem("x".repeat(256))).toBe("must be at most 255 characters");
    for (const name of [
      "a b",
      "a.b",
      "a/b",
      "a`b",
      "a'b",
      'a"b',
      "a;b",
      "$(x)",
      "mаin",
      "ｍain",
      "é",
      "a\nb",
      "-a",
    ]) {
      expect(unityCatalogNameProblem(name), name).toMatch(/may contain only/);
    }
  });

  it("quotes identifiers with backticks, doubling any backtick", () => {
    expect(quoteIdentifier("events")).toBe("`events`");
    expect(quoteIdentifier("a`b")).toBe("`a``b`");
    expect(qualifiedName("main", "analytics", "events")).toBe("`main`.`analytics`.`events`");
  });

  it("single-quotes shell words, closing and reopening around a quote", () => {
    expect(shellQuote("plain")).toBe("'plain'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it("recognises ids: numeric service principal id, application id, warehouse id", () => {
    expect(isNumericServicePrincipalId("1234567890123456")).toBe(true);
    for (const id of ["", "12 3", "-1", "0x12", "١٢٣", "1".repeat(20)])
      expect(isNumericServicePrincipalId(id), id).toBe(false);
    expect(isApplicationId("6f2c1b7e-1111-4222-8333-444455556666")).toBe(true);
    expect(isApplicationId("6f2c1b7e11114222833344445555666")).toBe(false);
    expect(isWarehouseId("1234567890abcdef")).toBe(true);
    expect(isWarehouseId("1234567890abcdeg")).toBe(false);
  });
});
