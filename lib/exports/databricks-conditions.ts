import { quoteIdentifier, sqlStringLiteral } from "@/lib/databricks/identifiers";
import type { CustomEventDefinition } from "@/lib/catalog/custom-event-definition";
import type { JsonColumnType } from "@/lib/exports/event-table";
import type { PropertyCondition } from "@/lib/exports/property-condition";

// The destinations' filter language (property-condition.ts) in Databricks SQL, over the
// exported events table, for the views that carry the portal's definitions into the warehouse.
// It says what filter-sql.ts says over PostgreSQL: a missing property is "not" every value,
// contains is case-insensitive, and numbers compare only when the value is one.

/**
 * A JSON column (STRING or VARIANT) as MAP<STRING, STRING>: each value as text, nested objects
 * as their JSON text. A missing key reads as NULL.
 * https://docs.databricks.com/aws/en/sql/language-manual/functions/from_json
 * https://docs.databricks.com/aws/en/sql/language-manual/functions/bracketsign
 */
export function propertiesMap(column: string, json: JsonColumnType): string {
  const text = json === "VARIANT" ? `to_json(${quoteIdentifier(column)})` : quoteIdentifier(column);
  return `from_json(${text}, 'MAP<STRING, STRING>')`;
}

/**
 * Text that reads as a number: what a numeric condition compares. Bounded (30 digits either side
 * of the point, a two-digit exponent) so that PostgreSQL's numeric and Databricks' DOUBLE both
 * hold it: a longer text is not a number here, and an event sending one cannot fail a run.
 * Written without backslashes, which the two SQL dialects read differently.
 */
export const NUMERIC_TEXT = "^ *[-+]?([0-9]{1,30}([.][0-9]{0,30})?|[.][0-9]{1,30})([eE][-+]?[0-9]{1,2})? *$";

const literals = (values: readonly string[]) => values.map(sqlStringLiteral).join(", ");

/** One condition, over the events table's own columns. */
export function conditionSql(condition: PropertyCondition, json: JsonColumnType): string {
  const column = condition.scope === "event" ? "event_properties" : "user_properties";
  const text = `${propertiesMap(column, json)}[${sqlStringLiteral(condition.property)}]`;
  const number = `CASE WHEN regexp_like(${text}, ${sqlStringLiteral(NUMERIC_TEXT)}) THEN CAST(${text} AS DOUBLE) END`;
  const compare = (operator: string, value: number) => `coalesce((${number}) ${operator} ${value}, false)`;
  const contains = (value: string) =>
    `coalesce(instr(lower(${text}), lower(${sqlStringLiteral(value)})) > 0, false)`;
  switch (condition.operator) {
    case "is":
      return `coalesce(${text} IN (${literals(condition.values)}), false)`;
    case "is_not":
      return `NOT coalesce(${text} IN (${literals(condition.values)}), false)`;
    case "contains":
      return contains(condition.value);
    case "does_not_contain":
      return `NOT ${contains(condition.value)}`;
    case "less":
      return compare("<", condition.value);
    case "less_or_equal":
      return compare("<=", condition.value);
    case "greater":
      return compare(">", condition.value);
    case "greater_or_equal":
      return compare(">=", condition.value);
    case "is_set":
      return `${text} IS NOT NULL`;
    case "is_not_set":
      return `${text} IS NULL`;
  }
}

/** A custom event's definition: its alternatives (an event type and all its conditions), OR-ed. */
export function customEventConditionSql(definition: CustomEventDefinition, json: JsonColumnType): string {
  return definition.anyOf
    .map(({ eventType, conditions }) =>
      [
        `${quoteIdentifier("event_type")} = ${sqlStringLiteral(eventType)}`,
        ...conditions.map((c) => `(${conditionSql(c, json)})`),
      ].join(" AND "),
    )
    .map((alternative) => `(${alternative})`)
    .join(" OR ");
}
