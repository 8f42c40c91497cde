import { NUMERIC_TEXT } from "@/lib/exports/databricks-conditions";
import type { EventFilter, PropertyCondition } from "@/lib/exports/event-filter";

// Compiles a destination's filter to a parameterised SQL condition over the `events` table.
// Values, event types and property names are always parameters, never spliced into the SQL
// text. A custom event compiles from the definition its run froze: a filter that holds only
// its id (a destination's stored filter) is refused, since compiling it would need to read the
// custom event's current definition, which may have changed since the run was planned.

export type SqlCondition = { sql: string; params: unknown[] };

/** `filter` as a WHERE condition whose placeholders start at $`firstParam`. */
export function compileFilterToSql(filter: EventFilter, firstParam: number): SqlCondition {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  const clauses: string[] = [];
  if (filter.eventTypes) {
    const list = `${param(filter.eventTypes.values)}::text[]`;
    clauses.push(
      filter.eventTypes.operator === "is" ? `event_type = ANY(${list})` : `NOT (event_type = ANY(${list}))`,
    );
  }
  if (filter.customEvent) {
    const { definition, id } = filter.customEvent;
    if (!definition)
      throw new Error(
        `The filter's custom event ${id} is not expanded: only a planned run's frozen filter compiles`,
      );
    const alternatives = definition.anyOf.map(({ eventType, conditions }) =>
      [
        `event_type = ${param(eventType)}::text`,
        ...conditions.map((c) => `(${conditionSql(c, param)})`),
      ].join(" AND "),
    );
    clauses.push(alternatives.map((alternative) => `(${alternative})`).join(" OR "));
  }
  for (const condition of filter.conditions) clauses.push(conditionSql(condition, param));
  return { sql: clauses.length ? clauses.map((clause) => `(${clause})`).join(" AND ") : "TRUE", params };
}

function conditionSql(condition: PropertyCondition, param: (value: unknown) => string): string {
  const column = condition.scope === "event" ? "event_properties" : "user_properties";
  const key = param(condition.property);
  const text = `(${column} ->> ${key})`;
  // A number, or text that reads as one (SDKs often send numbers as strings): the same rule as
  // the warehouse views (databricks-conditions.ts).
  const number = `(CASE WHEN jsonb_typeof(${column} -> ${key}) IN ('number', 'string') AND ${text} ~ '${NUMERIC_TEXT}' THEN ${text}::numeric END)`;
  switch (condition.operator) {
    case "is":
      return `coalesce(${text} = ANY(${param(condition.values)}::text[]), false)`;
    case "is_not": // a missing property is "not" any value
      return `NOT coalesce(${text} = ANY(${param(condition.values)}::text[]), false)`;
    case "contains":
      return `coalesce(strpos(lower(${text}), lower(${param(condition.value)}::text)) > 0, false)`;
    case "does_not_contain":
      return `NOT coalesce(strpos(lower(${text}), lower(${param(condition.value)}::text)) > 0, false)`;
    case "less":
      return `coalesce(${number} < ${param(condition.value)}::numeric, false)`;
    case "less_or_equal":
      return `coalesce(${number} <= ${param(condition.value)}::numeric, false)`;
    case "greater":
      return `coalesce(${number} > ${param(condition.value)}::numeric, false)`;
    case "greater_or_equal":
      return `coalesce(${number} >= ${param(condition.value)}::numeric, false)`;
    case "is_set":
      return `coalesce(jsonb_typeof(${column} -> ${key}) <> 'null', false)`;
    case "is_not_set":
      return `NOT coalesce(jsonb_typeof(${column} -> ${key}) <> 'null', false)`;
  }
}
