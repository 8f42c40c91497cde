// The filter builder edits a draft whose values are plain text; the zod schema validates it.
import type { EventFilter, PropertyOperator } from "@/lib/exports/event-filter";

export type DraftCondition = {
  scope: "event" | "user";
  property: string;
  operator: PropertyOperator;
  value: string;
};
export type DraftFilter = {
  eventTypesOperator: "is" | "is_not";
  eventTypes: string;
  conditions: DraftCondition[];
};

export const EMPTY_DRAFT: DraftFilter = { eventTypesOperator: "is", eventTypes: "", conditions: [] };

const splitList = (text: string) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

/** The draft as the EventFilter shape (still unvalidated). */
export function draftToFilter(draft: DraftFilter): unknown {
  const types = splitList(draft.eventTypes);
  return {
    eventTypes: types.length ? { operator: draft.eventTypesOperator, values: types } : null,
    conditions: draft.conditions.map((c) => {
      if (c.operator === "is" || c.operator === "is_not")
        return { scope: c.scope, property: c.property, operator: c.operator, values: splitList(c.value) };
      if (c.operator === "is_set" || c.operator === "is_not_set")
        return { scope: c.scope, property: c.property, operator: c.operator };
      return { scope: c.scope, property: c.property, operator: c.operator, value: c.value };
    }),
  };
}

export function filterToDraft(filter: EventFilter): DraftFilter {
  return {
    eventTypesOperator: filter.eventTypes?.operator ?? "is",
    eventTypes: filter.eventTypes?.values.join(", ") ?? "",
    conditions: filter.conditions.map((c) => ({
      scope: c.scope,
      property: c.property,
      operator: c.operator,
      value: "values" in c ? c.values.join(", ") : "value" in c ? String(c.value) : "",
    })),
  };
}
