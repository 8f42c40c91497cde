import { z } from "zod";
import { describeCondition, PropertyCondition, quote } from "@/lib/exports/property-condition";

// A custom event, as Amplitude has them: a new analytical event that groups existing events
// (a named OR of event types, each with optional property conditions in the destinations'
// filter language), while the original events stay as they are
// (https://amplitude.com/docs/data/custom-events). It is a definition only: nothing stored
// changes; a destination's filter may select it, and a run freezes its definition when planned.

export const CUSTOM_EVENT_MAX_CLAUSES = 50;
export const CUSTOM_EVENT_MAX_CONDITIONS = 20;

/** One alternative: an event type, and the conditions its events must meet (all of them). */
export const CustomEventClause = z.object({
  eventType: z
    .string()
    .trim()
    .min(1, "Name the event type")
    .max(1024, "The event type must be at most 1024 characters"),
  conditions: z
    .array(PropertyCondition)
    .max(CUSTOM_EVENT_MAX_CONDITIONS, `At most ${CUSTOM_EVENT_MAX_CONDITIONS} conditions per event type`)
    .default([]),
});
export type CustomEventClause = z.infer<typeof CustomEventClause>;

export const CustomEventDefinition = z.object({
  anyOf: z
    .array(CustomEventClause)
    .min(1, "Add at least one event type")
    .max(CUSTOM_EVENT_MAX_CLAUSES, `At most ${CUSTOM_EVENT_MAX_CLAUSES} event types`),
});
export type CustomEventDefinition = z.infer<typeof CustomEventDefinition>;

/** What the custom event form sends, for a new custom event and for an edit. */
export const CustomEventInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter a name for the custom event.")
    .max(100, "The name must be at most 100 characters."),
  description: z.string().trim().max(2000, "The description must be at most 2000 characters.").default(""),
  definition: CustomEventDefinition,
});
export type CustomEventInput = z.infer<typeof CustomEventInput>;

/** The definition in plain words: `“purchase” where event property “price” is greater than “10”, or “signup”`. */
export function describeCustomEvent(definition: CustomEventDefinition): string {
  return definition.anyOf
    .map(({ eventType, conditions }) =>
      conditions.length
        ? `${quote(eventType)} where ${conditions.map(describeCondition).join(" and ")}`
        : quote(eventType),
    )
    .join(", or ");
}
