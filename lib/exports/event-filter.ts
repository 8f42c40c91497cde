import { z } from "zod";
import { CustomEventDefinition } from "@/lib/catalog/custom-event-definition";
import {
  describeCondition,
  filterText,
  PropertyCondition,
  quote,
  quotedList,
} from "@/lib/exports/property-condition";

// A destination's event filter: event type is / is not one of, a custom event, and event- or
// user-property conditions, all combined with AND. Stored as this structure, compiled to
// parameterised SQL by the export, and shown to people as a sentence.

export {
  OPERATOR_LABELS,
  PROPERTY_OPERATORS,
  PropertyCondition,
  type PropertyOperator,
} from "@/lib/exports/property-condition";

/**
 * The custom event a filter selects. A destination's filter stores its id only; a run's frozen
 * filter also holds its name and definition as they were when the run was planned, so that an
 * edit of the custom event never changes the rows of a run already planned.
 */
export const FilterCustomEvent = z.object({
  id: z.string().trim().min(1, "Choose a custom event").max(64),
  name: z.string().max(100).optional(),
  definition: CustomEventDefinition.optional(),
});
export type FilterCustomEvent = z.infer<typeof FilterCustomEvent>;

export const EventFilter = z.object({
  eventTypes: z
    .object({
      operator: z.enum(["is", "is_not"]),
      values: z.array(filterText).min(1, "Choose at least one event type").max(200),
    })
    .nullable()
    .default(null),
  // Null when absent, so that filters stored before custom events still parse; optional in the
  // type, so that filters written in code without it (scripts, tests) still type-check.
  customEvent: FilterCustomEvent.nullable().default(null).optional(),
  conditions: z.array(PropertyCondition).max(20, "At most 20 conditions").default([]),
});
export type EventFilter = z.infer<typeof EventFilter>;

export const EMPTY_FILTER: EventFilter = { eventTypes: null, customEvent: null, conditions: [] };

/** The filter as a destination stores it: the custom event by its id only. */
export function storedFilter(filter: EventFilter): EventFilter {
  return { ...filter, customEvent: filter.customEvent ? { id: filter.customEvent.id } : null };
}

/** The filter with its custom event's name filled in from `customEvents` (the project's live ones). */
export function withCustomEventName(
  filter: EventFilter,
  customEvents: readonly { id: string; name: string }[],
) {
  const selected = filter.customEvent;
  const name = selected && customEvents.find((event) => event.id === selected.id)?.name;
  return name ? { ...filter, customEvent: { ...selected, name } } : filter;
}

/**
 * The filter in plain words: "All events", or "Events of custom event “Checkout” whose …, and
 * whose …". A custom event is named by the name the filter holds (a frozen filter's, or one the
 * caller filled in), else "a custom event".
 */
export function describeFilter(filter: EventFilter): string {
  const parts: string[] = [];
  if (filter.eventTypes)
    parts.push(
      `type ${filter.eventTypes.operator === "is" ? "is" : "is not"} ${quotedList(filter.eventTypes.values)}`,
    );
  for (const condition of filter.conditions) parts.push(describeCondition(condition));
  const subject = filter.customEvent
    ? filter.customEvent.name
      ? `Events of custom event ${quote(filter.customEvent.name)}`
      : "Events of a custom event"
    : "Events";
  if (parts.length === 0) return filter.customEvent ? subject : "All events";
  return `${subject} whose ${parts.join(", and whose ")}`;
}
