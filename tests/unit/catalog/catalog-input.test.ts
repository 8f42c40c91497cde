import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/actions/action-result";
import {
  EventTypeUpdateInput,
  NEW_CATEGORY,
  PlanEventTypeInput,
  PropertyUpdateInput,
} from "@/lib/catalog/catalog-input";

const errorsOf = (result: { success: boolean; error?: unknown }) =>
  result.success ? {} : fieldErrorsOf(result.error as Parameters<typeof fieldErrorsOf>[0]);

const eventTypeUpdate = {
  eventType: "Song Played",
  displayName: " Song played ",
  description: "",
  categoryId: "",
  newCategory: "",
  status: "LIVE",
};

describe("catalog inputs", () => {
  it("an event type update trims its texts and bounds their lengths", () => {
    expect(EventTypeUpdateInput.parse(eventTypeUpdate).displayName).toBe("Song played");
    expect(
      errorsOf(EventTypeUpdateInput.safeParse({ ...eventTypeUpdate, displayName: "x".repeat(101) })),
    ).toEqual({
      displayName: "The display name must be at most 100 characters.",
    });
    expect(
      errorsOf(EventTypeUpdateInput.safeParse({ ...eventTypeUpdate, description: "x".repeat(2001) })),
    ).toEqual({
      description: "The description must be at most 2000 characters.",
    });
    expect(errorsOf(EventTypeUpdateInput.safeParse({ ...eventTypeUpdate, status: "GONE" }))).toEqual({
      status: "Choose a status.",
    });
  });

  it("a new category needs its name", () => {
    expect(
      errorsOf(EventTypeUpdateInput.safeParse({ ...eventTypeUpdate, categoryId: NEW_CATEGORY })),
    ).toEqual({
      newCategory: "Enter a name for the new category.",
    });
    expect(
      EventTypeUpdateInput.safeParse({
        ...eventTypeUpdate,
        categoryId: NEW_CATEGORY,
        newCategory: "Playback",
      }).success,
    ).toBe(true);
  });

  it("a planned event type is any storable text without spaces around it", () => {
    expect(PlanEventTypeInput.safeParse({ eventType: "a/b ../ 100% ✓" }).success).toBe(true);
    expect(errorsOf(PlanEventTypeInput.safeParse({ eventType: "" }))).toEqual({
      eventType: "Enter an event type.",
    });
    expect(errorsOf(PlanEventTypeInput.safeParse({ eventType: " padded" }))).toEqual({
      eventType: "Remove the spaces around the event type.",
    });
    expect(PlanEventTypeInput.safeParse({ eventType: "nul\u0000" }).success).toBe(false);
    expect(PlanEventTypeInput.safeParse({ eventType: "x".repeat(1025) }).success).toBe(false);
  });

  it("a property update names an event type exactly when it is an event property, and each classification once", () => {
    const property = {
      scope: "EVENT",
      eventType: "Song Played",
      name: "artist",
      description: "",
      classifications: [],
    };
    expect(PropertyUpdateInput.safeParse(property).success).toBe(true);
    expect(PropertyUpdateInput.safeParse({ ...property, scope: "USER" }).success).toBe(false);
    expect(PropertyUpdateInput.safeParse({ ...property, scope: "USER", eventType: "" }).success).toBe(true);
    expect(PropertyUpdateInput.safeParse({ ...property, eventType: "" }).success).toBe(false);
    expect(PropertyUpdateInput.safeParse({ ...property, classifications: ["PII", "PII"] }).success).toBe(
      false,
    );
    expect(PropertyUpdateInput.safeParse({ ...property, classifications: ["SECRET"] }).success).toBe(false);
  });
});
