import { z } from "zod";

// A condition on an event or user property: the language of destination filters, also used by
// the conditions of custom events (lib/catalog/custom-event-definition.ts).

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

export const filterText = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(1024, "must be at most 1024 characters");
const property = z.string().trim().min(1, "Name the property").max(1024, "must be at most 1024 characters");

const listCondition = z.object({
  scope: z.enum(["event", "user"]),
  property,
  operator: z.enum(["is", "is_not"]),
  values: z.array(filterText).min(1, "Give at least one value").max(100),
});
const textCondition = z.object({
  scope: z.enum(["event", "user"]),
  property,
  operator: z.enum(["contains", "does_not_contain"]),
  value: filterText,
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

export const quote = (value: string | number) => `“${value}”`;

/** “a”, “b” or “c” (`joiner` "or" or "and"). */
export const quotedList = (values: readonly (string | number)[], joiner: "or" | "and" = "or") =>
  values.length === 1
    ? quote(values[0]!)
    : `${values.slice(0, -1).map(quote).join(", ")} ${joiner} ${quote(values.at(-1)!)}`;

/** The condition in plain words: `event property “price” is greater than “10”`. */
export function describeCondition(condition: PropertyCondition): string {
  const subject = `${condition.scope === "event" ? "event property" : "user property"} ${quote(condition.property)}`;
  switch (condition.operator) {
    case "is":
    case "is_not":
      return `${subject} ${OPERATOR_PHRASES[condition.operator]} ${quotedList(condition.values)}`;
    case "is_set":
    case "is_not_set":
      return `${subject} ${OPERATOR_PHRASES[condition.operator]}`;
    default:
      return `${subject} ${OPERATOR_PHRASES[condition.operator]} ${quote(condition.value)}`;
  }
}
