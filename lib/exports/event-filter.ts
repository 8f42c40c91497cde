import { z } from "zod";

// A destination's event filter: event type is / is not one of, and event- or user-property
// conditions, all combined with AND. Stored as this structure, compiled to parameterised SQL
// by the export, and shown to people as a sentence.

export const PROPERTY_OPERATORS = [
  "is",
  "is_not",
  "contains",
  "does_not_contain",
  "less",
  "less_or_equal",
  "greater",
  "greater_or_equal",
  "is_set",
  "is_not_set",
] as const;
export type PropertyOperator = (typeof PROPERTY_OPERATORS)[number];

/** The operator names the filter builder offers (Amplitude's vocabulary). */
export const OPERATOR_LABELS: Record<PropertyOperator, string> = {
  is: "is",
  is_not: "is not",
  contains: "contains",
  does_not_contain: "does not contain",
  less: "less",
  less_or_equal: "less or equal",
  greater: "greater",
  greater_or_equal: "greater or equal",
  is_set: "is set",
  is_not_set: "is not set",
};

/** The same operators, as they read in a sentence. */
const OPERATOR_PHRASES: Record<PropertyOperator, string> = {
  ...OPERATOR_LABELS,
  less: "is less than",
  less_or_equal: "is less than or equal to",
  greater: "is greater than",
  greater_or_equal: "is greater than or equal to",
};

const text = z.string().trim().min(1, "must not be empty").max(1024, "must be at most 1024 characters");
const property = z.string().trim().min(1, "Name the property").max(1024, "must be at most 1024 characters");

const listCondition = z.object({
  scope: z.enum(["event", "user"]),
  property,
  operator: z.enum(["is", "is_not"]),
  values: z.array(text).min(1, "Give at least one value").max(100),
});
const textCondition = z.object({
  scope: z.enum(["event", "user"]),
  property,
  operator: z.enum(["contains", "does_not_contain"]),
  value: text,
});
const numberCondition = z.object({
  scope: z.enum(["event", "user"]),
  property,
  operator: z.enum(["less", "less_or_equal", "greater", "greater_or_equal"]),
  value: z.coerce.number({ error: "must be a number" }).refine(Number.isFinite, "must be a number"),
});
const presenceCondition = z.object({
  scope: z.enum(["event", "user"]),
  property,
  operator: z.enum(["is_set", "is_not_set"]),
});

export const PropertyCondition = z.discriminatedUnion("operator", [
  listCondition,
  textCondition,
  numberCondition,
  presenceCondition,
]);
export type PropertyCondition = z.infer<typeof PropertyCondition>;

export const EventFilter = z.object({
  eventTypes: z
    .object({
      operator: z.enum(["is", "is_not"]),
      values: z.array(text).min(1, "Choose at least one event type").max(200),
    })
    .nullable()
    .default(null),
  conditions: z.array(PropertyCondition).max(20, "At most 20 conditions").default([]),
});
export type EventFilter = z.infer<typeof EventFilter>;

export const EMPTY_FILTER: EventFilter = { eventTypes: null, conditions: [] };

const quote = (value: string | number) => `“${value}”`;
const orList = (values: (string | number)[]) =>
  values.length === 1
    ? quote(values[0]!)
    : `${values.slice(0, -1).map(quote).join(", ")} or ${quote(values.at(-1)!)}`;

function describeCondition(condition: PropertyCondition): string {
  const subject = `${condition.scope === "event" ? "event property" : "user property"} ${quote(condition.property)}`;
  switch (condition.operator) {
    case "is":
    case "is_not":
      return `${subject} ${OPERATOR_PHRASES[condition.operator]} ${orList(condition.values)}`;
    case "is_set":
    case "is_not_set":
      return `${subject} ${OPERATOR_PHRASES[condition.operator]}`;
    default:
      return `${subject} ${OPERATOR_PHRASES[condition.operator]} ${quote(condition.value)}`;
  }
}

/** The filter in plain words: "All events", or "Events whose …, and whose …". */
export function describeFilter(filter: EventFilter): string {
  const parts: string[] = [];
  if (filter.eventTypes)
    parts.push(
      `type ${filter.eventTypes.operator === "is" ? "is" : "is not"} ${orList(filter.eventTypes.values)}`,
    );
  for (const condition of filter.conditions) parts.push(describeCondition(condition));
  if (parts.length === 0) return "All events";
  return `Events whose ${parts.join(", and whose ")}`;
}
