import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/actions/action-result";
import { CustomEventInput, describeCustomEvent } from "@/lib/catalog/custom-event-definition";

const definition = {
  anyOf: [
    {
      eventType: "purchase",
      conditions: [{ scope: "event", property: "price", operator: "greater", value: "10" }],
    },
    { eventType: "signup" },
  ],
};

describe("custom event definitions", () => {
  it("reads back as a sentence: any of the event types, each with all of its conditions", () => {
    const input = CustomEventInput.parse({ name: " Checkout ", definition });
    expect(input).toEqual({
      name: "Checkout",
      description: "",
      definition: {
        anyOf: [
          {
            eventType: "purchase",
            conditions: [{ scope: "event", property: "price", operator: "greater", value: 10 }],
          },
          { eventType: "signup", conditions: [] },
        ],
      },
    });
    expect(describeCustomEvent(input.definition)).toBe(
      "“purchase” where event property “price” is greater than “10”, or “signup”",
    );
    expect(
      describeCustomEvent({
        anyOf: [
          {
            eventType: "view",
            conditions: [
              { scope: "user", property: "plan", operator: "is", values: ["pro", "team"] },
              { scope: "event", property: "path", operator: "is_set" },
            ],
          },
        ],
      }),
    ).toBe("“view” where user property “plan” is “pro” or “team” and event property “path” is set");
  });

  it("refuses what is missing or too much, keyed by the field", () => {
    const errorsOf = (input: unknown) => {
      const result = CustomEventInput.safeParse(input);
      return result.success ? null : fieldErrorsOf(result.error);
    };
    expect(errorsOf({ name: " ", definition: { anyOf: [] } })).toEqual({
      name: "Enter a name for the custom event.",
      "definition.anyOf": "Add at least one event type",
    });
    expect(errorsOf({ name: "x".repeat(101), description: "d".repeat(2001), definition })).toEqual({
      name: "The name must be at most 100 characters.",
      description: "The description must be at most 2000 characters.",
    });
    expect(errorsOf({ name: "a", definition: { anyOf: [{ eventType: "" }] } })).toEqual({
      "definition.anyOf.0.eventType": "Name the event type",
    });
    const many = { anyOf: Array.from({ length: 51 }, (_, i) => ({ eventType: `e${i}` })) };
    expect(errorsOf({ name: "a", definition: many })).toEqual({
      "definition.anyOf": "At most 50 event types",
    });
    const condition = { scope: "event", property: "p", operator: "is_set" };
    const crowded = { anyOf: [{ eventType: "e", conditions: Array.from({ length: 21 }, () => condition) }] };
    expect(errorsOf({ name: "a", definition: crowded })).toEqual({
      "definition.anyOf.0.conditions": "At most 20 conditions per event type",
    });
    expect(
      errorsOf({
        name: "a",
        definition: {
          anyOf: [
            { eventType: "e", conditions: [{ scope: "event", property: "p", operator: "less", value: "x" }] },
          ],
        },
      }),
    ).toEqual({ "definition.anyOf.0.conditions.0.value": "must be a number" });
  });
});
