import { describe, expect, it } from "vitest";
import { inlineParameters } from "@/lib/db/inline-parameters";

describe("inlineParameters", () => {
  it("quotes strings so that no value can end its literal", () => {
    // pg's escapeLiteral writes a string holding a backslash as " E'…'", a space before it.
    expect(inlineParameters("SELECT $1,$2", ["it's", "back\\slash'"])).toBe(
      "SELECT 'it''s', E'back\\\\slash'''",
    );
  });

  it("reads placeholders once: a value's own text is never taken for one", () => {
    expect(inlineParameters("a = $1 AND b = $2", ["$2", "x"])).toBe("a = '$2' AND b = 'x'");
    expect(inlineParameters("$1 $10 $2", ["a", "b", 3, 4, 5, 6, 7, 8, 9, "ten"])).toBe("'a' 'ten' 'b'");
  });

  it("writes numbers, bigints and text arrays as literals", () => {
    expect(inlineParameters("$1 $2 $3 $4", [30, 9007199254740993n, ["a", "b'c"], []])).toBe(
      "30 9007199254740993 ARRAY['a', 'b''c']::text[] ARRAY[]::text[]",
    );
  });

  it("refuses what it cannot quote, and a placeholder without a value", () => {
    expect(() => inlineParameters("$1", [{}])).toThrow(/cannot inline/);
    expect(() => inlineParameters("$1", [Number.NaN])).toThrow(/cannot inline/);
    expect(() => inlineParameters("$2", ["a"])).toThrow(/no value for \$2/);
  });
});
