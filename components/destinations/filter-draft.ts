// The filter builder edits a draft whose values are plain text; the zod schema validates it.
import type { EventFilter, PropertyCondition, PropertyOperator } from "@/lib/exports/event-filter";

export type DraftCondition = {
  scope: "event" | "user";
  property: string;
  operator: PropertyOperator;
  value: string;
};
export type DraftFilter = {
  eventTypesOperator: "is" | "is_not";
  eventTypes: string;
  /** The selected custom event's id, or "" for none. */
  customEventId: string;
  conditions: DraftCondition[];
};

export const EMPTY_DRAFT: DraftFilter = {
  eventTypesOperator: "is",
  eventTypes: "",
  customEventId: "",
  conditions: [],
};

export const EMPTY_CONDITION: DraftCondition = { scope: "event", property: "", operator: "is", value: "" };

const splitList = (text: string) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

/** A condition row as the PropertyCondition shape (still unvalidated). */
export function draftToCondition(c: DraftCondition): unknown {
  if (c.operator === "is" || c.operator === "is_not")
    return { scope: c.scope, property: c.property, operator: c.operator, values: splitList(c.value) };
  if (c.operator === "is_set" || c.operator === "is_not_set")
    return { scope: c.scope, property: c.property, operator: c.operator };
  return { scope: c.scope, property: c.property, operator: c.operator, value: c.value };
}

export function conditionToDraft(c: PropertyCondition): DraftCondition {
  return {
    scope: c.scope,
    property: c.property,
    operator: c.operator,
    value: "values" in c ? c.values.join(", ") : "value" in c ? String(c.value) : "",
  };
}

/** The draft as the EventFilter shape (still unvalidated). */
export function draftToFilter(draft: DraftFilter): unknown {
  const types = splitList(draft.eventTypes);
  return {
    eventTypes: types.length ? { operator: draft.eventTypesOperator, values: types } : null,
    customEvent: draft.customEventId ? { id: draft.customEventId } : null,
    conditions: draft.conditions.map(draftToCondition),
  };
}

export function filterToDraft(filter: EventFilter): DraftFilter {
  return {
    eventTypesOperator: filter.eventTypes?.operator ?? "is",
    eventTypes: filter.eventTypes?.values.join(", ") ?? "",
    customEventId: filter.customEvent?.id ?? "",
    conditions: filter.conditions.map(conditionToDraft),
  };
}
