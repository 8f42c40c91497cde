import { describe, expect, it } from "vitest";
import { describeFilter, EventFilter, storedFilter, withCustomEventName } from "@/lib/exports/event-filter";

describe("event filter", () => {
  it("reads back as a sentence", () => {
    expect(describeFilter(EventFilter.parse({}))).toBe("All events");
    const filter = EventFilter.parse({
      eventTypes: { operator: "is", values: ["Checkout", "Purchase"] },
      conditions: [
        { scope: "event", property: "plan", operator: "is_not", values: ["free"] },
        { scope: "user", property: "age", operator: "greater_or_equal", value: "18" },
        { scope: "event", property: "path", operator: "contains", value: "/cart" },
        { scope: "user", property: "email", operator: "is_set" },
      ],
    });
    expect(describeFilter(filter)).toBe(
      "Events whose type is “Checkout” or “Purchase”, and whose event property “plan” is not “free”, and whose user property “age” is greater than or equal to “18”, and whose event property “path” contains “/cart”, and whose user property “email” is set",
    );
    expect(
      describeFilter(EventFilter.parse({ eventTypes: { operator: "is_not", values: ["a", "b", "c"] } })),
    ).toBe("Events whose type is not “a”, “b” or “c”");
  });

  it("rejects incomplete or mistyped conditions with a message", () => {
    const cases: [unknown, RegExp][] = [
      [{ eventTypes: { operator: "is", values: [] } }, /at least one event type/],
      [{ conditions: [{ scope: "event", property: "", operator: "is_set" }] }, /Name the property/],
      [
        { conditions: [{ scope: "event", property: "n", operator: "greater", value: "many" }] },
        /must be a number/,
      ],
      [{ conditions: [{ scope: "event", property: "n", operator: "is", values: [] }] }, /at least one value/],
      [{ conditions: [{ scope: "device", property: "n", operator: "is_set" }] }, /scope/],
      [{ conditions: [{ scope: "event", property: "n", operator: "matches", value: "x" }] }, /operator/],
    ];
    for (const [input, message] of cases) {
      const result = EventFilter.safeParse(input);
      expect(result.success).toBe(false);
      expect(JSON.stringify(result.error!.issues)).toMatch(message);
    }
  });

  it("reads a filter stored before custom events with none, and names a selected one", () => {
    expect(EventFilter.parse({ eventTypes: null, conditions: [] }).customEvent).toBeNull();
    const stored = EventFilter.parse({
      customEvent: { id: "ce1" },
      conditions: [{ scope: "event", property: "country", operator: "is", values: ["FR"] }],
    });
    expect(describeFilter(stored)).toBe("Events of a custom event whose event property “country” is “FR”");
    const named = withCustomEventName(stored, [{ id: "ce1", name: "Checkout" }]);
    expect(describeFilter(named)).toBe(
      "Events of custom event “Checkout” whose event property “country” is “FR”",
    );
    expect(describeFilter(EventFilter.parse({ customEvent: { id: "ce1", name: "Checkout" } }))).toBe(
      "Events of custom event “Checkout”",
    );
    expect(withCustomEventName(stored, [{ id: "other", name: "Other" }])).toBe(stored);
  });

  it("stores a custom event by its id only", () => {
    const frozen = EventFilter.parse({
      customEvent: { id: "ce1", name: "Checkout", definition: { anyOf: [{ eventType: "purchase" }] } },
    });
    expect(storedFilter(frozen)).toEqual({ eventTypes: null, customEvent: { id: "ce1" }, conditions: [] });
    expect(EventFilter.safeParse({ customEvent: { id: "" } }).success).toBe(false);
  });
});
