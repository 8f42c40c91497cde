import { describe, expect, it } from "vitest";
import { applyPropertyUpdate } from "@/lib/ingest/property-operations";

const apply = (current: Record<string, unknown>, update: Record<string, unknown>) =>
  applyPropertyUpdate(current, update);

describe("applyPropertyUpdate", () => {
  it("sets plain properties, as events carry them", () => {
    expect(apply({ plan: "free", age: 3 }, { plan: "pro" })).toEqual({ plan: "pro", age: 3 });
  });

  it("$set overwrites and $setOnce never does", () => {
    expect(apply({ a: 1 }, { $set: { a: 2, b: 3 } })).toEqual({ a: 2, b: 3 });
    expect(apply({ a: 1 }, { $setOnce: { a: 2, b: 3 } })).toEqual({ a: 1, b: 3 });
    // Not even over a property set to null or false.
    expect(apply({ a: null, f: false }, { $setOnce: { a: 2, f: true } })).toEqual({ a: null, f: false });
  });

  it("$add adds to a number, and starts from the number itself otherwise", () => {
    expect(apply({ n: 2 }, { $add: { n: 3 } })).toEqual({ n: 5 });
    expect(apply({}, { $add: { n: -1.5 } })).toEqual({ n: -1.5 });
    expect(apply({ n: "x" }, { $add: { n: 4 } })).toEqual({ n: 4 });
    expect(apply({ n: 1 }, { $add: { n: "not a number" } })).toEqual({ n: 1 });
  });

  it("$append and $prepend make lists of what is not one", () => {
    expect(apply({}, { $append: { l: "a" } })).toEqual({ l: ["a"] });
    expect(apply({ l: ["a"] }, { $append: { l: ["b", "c"] } })).toEqual({ l: ["a", "b", "c"] });
    expect(apply({ l: "a" }, { $append: { l: "b" } })).toEqual({ l: ["a", "b"] });
    expect(apply({ l: ["b"] }, { $prepend: { l: ["a", 1] } })).toEqual({ l: ["a", 1, "b"] });
    expect(apply({ l: ["a"] }, { $append: { l: "a" } })).toEqual({ l: ["a", "a"] });
  });

  it("$preInsert and $postInsert add only the values not in the list yet", () => {
    expect(apply({ l: ["a", "b"] }, { $postInsert: { l: ["b", "c", "c"] } })).toEqual({ l: ["a", "b", "c"] });
    expect(apply({ l: ["a", "b"] }, { $preInsert: { l: ["z", "a"] } })).toEqual({ l: ["z", "a", "b"] });
    expect(apply({}, { $preInsert: { l: 1 } })).toEqual({ l: [1] });
  });

  it("$remove takes every instance of the values out", () => {
    expect(apply({ l: ["a", "b", "a", 1] }, { $remove: { l: ["a", 1] } })).toEqual({ l: ["b"] });
    expect(apply({ l: [{ k: 1 }, { k: 2 }] }, { $remove: { l: { k: 1 } } })).toEqual({ l: [{ k: 2 }] });
    expect(apply({}, { $remove: { l: "a" } })).toEqual({});
  });

  it("$unset and $clearAll remove", () => {
    expect(apply({ a: 1, b: 2 }, { $unset: { a: "-" } })).toEqual({ b: 2 });
    expect(apply({ a: 1, b: 2 }, { $clearAll: "-" })).toEqual({});
  });

  it("applies one update's operations in Amplitude's order, whatever the order of its keys", () => {
    // $clearAll, $unset, $set, $setOnce, $add, $append, $prepend, $preInsert, $postInsert, $remove
    expect(
      apply(
        { old: 1, keep: "x" },
        {
          $remove: { l: "b" },
          $append: { l: ["b", "c"] },
          $set: { n: 1 },
          $add: { n: 2 },
          $setOnce: { n: 9 },
          $unset: { keep: "-" },
          $clearAll: "-",
        },
      ),
    ).toEqual({ n: 3, l: ["c"] });
  });

  it("leaves the state it was given as it was", () => {
    const current = { l: ["a"] };
    apply(current, { $append: { l: "b" } });
    expect(current).toEqual({ l: ["a"] });
  });
});
