import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/actions/action-result";
import { contradictionWith } from "@/lib/catalog/transformation-contradictions";
import { describeTransformation, TransformationDefinition } from "@/lib/catalog/transformation-definition";

const parse = (input: unknown) => TransformationDefinition.parse(input);
const errorsOf = (input: unknown) => {
  const result = TransformationDefinition.safeParse(input);
  return result.success ? null : fieldErrorsOf(result.error);
};

describe("transformation definitions", () => {
  it("accepts each kind, trimmed, and reads it back as a sentence", () => {
    const cases: [unknown, string][] = [
      [
        { kind: "MERGE_EVENTS", into: " Add to cart ", from: ["add_to_cart", "cart_add"] },
        "Merge event types “add_to_cart” and “cart_add” into “Add to cart”",
      ],
      [
        { kind: "MERGE_EVENTS", into: "Signup", from: ["sign_up"] },
        "Merge event type “sign_up” into “Signup”",
      ],
      [
        { kind: "MERGE_PROPERTIES", scope: "event", into: "revenue", from: ["price", "amount", "total"] },
        "Merge event properties “price”, “amount” and “total” into “revenue”",
      ],
      [
        { kind: "MERGE_PROPERTIES", scope: "user", into: "plan", from: ["tier"] },
        "Merge user property “tier” into “plan”",
      ],
      [
        { kind: "RENAME_VALUE", scope: "user", property: "country", from: "US", to: "United States" },
        "Rename value “US” of user property “country” to “United States”",
      ],
      [{ kind: "HIDE_EVENT", eventType: "debug" }, "Hide event type “debug”"],
      [
        { kind: "HIDE_PROPERTY", scope: "event", property: "internal_id" },
        "Hide event property “internal_id”",
      ],
    ];
    for (const [input, sentence] of cases) expect(describeTransformation(parse(input))).toBe(sentence);
    expect(parse({ kind: "MERGE_EVENTS", into: " Add to cart ", from: [" a "] })).toEqual({
      kind: "MERGE_EVENTS",
      into: "Add to cart",
      from: ["a"],
    });
  });

  it("refuses incomplete or inconsistent definitions, keyed by the field", () => {
    expect(errorsOf({ kind: "SPLIT_EVENTS" })).toEqual({ kind: "Choose a kind of transformation" });
    expect(errorsOf({ kind: "MERGE_EVENTS", into: "", from: [] })).toEqual({
      into: "Name the event type to merge into",
      from: "Name at least one event type to merge",
    });
    expect(errorsOf({ kind: "MERGE_EVENTS", into: "c", from: ["a", " "] })).toEqual({
      "from.1": "Name the event type",
    });
    expect(errorsOf({ kind: "MERGE_EVENTS", into: "c", from: ["a", "c"] })).toEqual({
      "from.1": "“c” is the one merged into: it cannot be merged into itself",
    });
    expect(errorsOf({ kind: "MERGE_PROPERTIES", scope: "event", into: "c", from: ["a", "b", "a"] })).toEqual({
      "from.2": "“a” is listed twice",
    });
    expect(errorsOf({ kind: "MERGE_PROPERTIES", scope: "device", into: "c", from: ["a"] })).toEqual({
      scope: "Choose event property or user property",
    });
    expect(errorsOf({ kind: "RENAME_VALUE", scope: "event", property: "p", from: "x", to: "x" })).toEqual({
      to: "The new value is the same as the value to rename",
    });
    expect(errorsOf({ kind: "RENAME_VALUE", scope: "event", property: "p", from: "", to: "y" })).toEqual({
      from: "Name the value to rename",
    });
    expect(errorsOf({ kind: "HIDE_EVENT", eventType: "x".repeat(1025) })).toEqual({
      eventType: "The event type to hide must be at most 1024 characters",
    });
    expect(errorsOf({ kind: "HIDE_PROPERTY", scope: "user" })).toEqual({
      property: "Name the property to hide",
    });
  });
});

describe("contradictions between transformations", () => {
  const existing = [
    parse({ kind: "MERGE_EVENTS", into: "Cart", from: ["add_to_cart", "cart_add"] }),
    parse({ kind: "MERGE_PROPERTIES", scope: "event", into: "revenue", from: ["price"] }),
    parse({ kind: "RENAME_VALUE", scope: "user", property: "country", from: "US", to: "United States" }),
    parse({ kind: "HIDE_EVENT", eventType: "debug" }),
    parse({ kind: "HIDE_PROPERTY", scope: "user", property: "secret" }),
  ];
  const check = (input: unknown) => contradictionWith(existing, parse(input));

  it("lets consistent transformations join", () => {
    expect(check({ kind: "MERGE_EVENTS", into: "Cart", from: ["basket_add"] })).toBeNull();
    expect(check({ kind: "MERGE_EVENTS", into: "Signup", from: ["sign_up"] })).toBeNull();
    // Another scope is another namespace.
    expect(check({ kind: "MERGE_PROPERTIES", scope: "user", into: "amount", from: ["price"] })).toBeNull();
    expect(
      check({ kind: "RENAME_VALUE", scope: "user", property: "country", from: "UK", to: "United Kingdom" }),
    ).toBeNull();
    expect(
      check({ kind: "RENAME_VALUE", scope: "event", property: "country", from: "US", to: "USA" }),
    ).toBeNull();
    expect(check({ kind: "HIDE_EVENT", eventType: "Cart" })).toBeNull();
    expect(check({ kind: "HIDE_PROPERTY", scope: "event", property: "secret" })).toBeNull();
  });

  it("refuses an event type merged into two targets", () => {
    expect(check({ kind: "MERGE_EVENTS", into: "Basket", from: ["cart_add"] })).toEqual({
      field: "from.0",
      message: "“cart_add” is already merged into “Cart”: a name can be merged into one target only",
    });
  });

  it("refuses a merge whose target is itself merged away, and one that merges a target away", () => {
    expect(check({ kind: "MERGE_EVENTS", into: "add_to_cart", from: ["basket_add"] })).toEqual({
      field: "into",
      message: "“add_to_cart” is itself merged into “Cart”: merge into “Cart” instead",
    });
    expect(check({ kind: "MERGE_EVENTS", into: "Shopping", from: ["view", "Cart"] })).toEqual({
      field: "from.1",
      message: "Other names are merged into “Cart”: merge into “Cart” instead, or delete those merges first",
    });
    expect(check({ kind: "MERGE_PROPERTIES", scope: "event", into: "price", from: ["cost"] })).toMatchObject({
      field: "into",
    });
  });

  it("refuses duplicates", () => {
    expect(check({ kind: "MERGE_EVENTS", into: "Cart", from: ["add_to_cart"] })).toEqual({
      field: "from.0",
      message: "“add_to_cart” is already merged into “Cart”",
    });
    expect(check({ kind: "HIDE_EVENT", eventType: "debug" })).toEqual({
      field: "eventType",
      message: "“debug” is already hidden",
    });
    expect(check({ kind: "HIDE_PROPERTY", scope: "user", property: "secret" })).toEqual({
      field: "property",
      message: "“secret” is already hidden",
    });
    expect(
      check({ kind: "RENAME_VALUE", scope: "user", property: "country", from: "US", to: "USA" }),
    ).toEqual({
      field: "from",
      message: "“US” is already renamed to “United States”",
    });
  });

  it("refuses renames along a chain, and hiding or renaming what a merge removed", () => {
    expect(
      check({ kind: "RENAME_VALUE", scope: "user", property: "country", from: "USA", to: "US" }),
    ).toEqual({
      field: "to",
      message: "“US” is itself renamed to “United States”: rename to “United States” instead",
    });
    expect(
      check({
        kind: "RENAME_VALUE",
        scope: "user",
        property: "country",
        from: "United States",
        to: "America",
      }),
    ).toEqual({ field: "from", message: "“US” is renamed to “United States”: rename “US” instead" });
    expect(check({ kind: "HIDE_EVENT", eventType: "cart_add" })).toEqual({
      field: "eventType",
      message: "“cart_add” is merged into “Cart”: hide “Cart” instead",
    });
    expect(check({ kind: "HIDE_PROPERTY", scope: "event", property: "price" })).toMatchObject({
      field: "property",
    });
    expect(
      check({ kind: "RENAME_VALUE", scope: "event", property: "price", from: "1", to: "one" }),
    ).toMatchObject({ field: "property" });
  });

  it("refuses merging a hidden name, or a property whose values are renamed", () => {
    expect(check({ kind: "MERGE_EVENTS", into: "Misc", from: ["debug"] })).toEqual({
      field: "from.0",
      message: "“debug” is hidden: delete that transformation before merging it",
    });
    expect(check({ kind: "MERGE_PROPERTIES", scope: "user", into: "region", from: ["country"] })).toEqual({
      field: "from.0",
      message: "Values of “country” are renamed: delete those renames before merging it away",
    });
  });
});
