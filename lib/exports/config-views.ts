import type { CustomEventDefinition } from "@/lib/catalog/custom-event-definition";
import type { PropertyScope, TransformationDefinition } from "@/lib/catalog/transformation-definition";
import {
  isUnityCatalogName,
  qualifiedName,
  quoteIdentifier,
  sqlStringLiteral,
} from "@/lib/databricks/identifiers";
import { EXPORTED_COLUMNS } from "@/lib/events/event-columns";
import type { JsonColumnType, TableTarget } from "@/lib/exports/event-table";
import { customEventConditionSql, propertiesMap } from "@/lib/exports/databricks-conditions";

// The views a data-configuration snapshot creates beside the events table, so that a warehouse
// query reads events with the semantics the portal shows: `<table>_transformed` applies the
// project's transformations (Amplitude applies them when events are read and never changes the
// raw data: https://amplitude.com/docs/data/transformations), and one view per custom event
// selects its events (https://amplitude.com/docs/data/custom-events). Both are plain SQL of the
// definitions frozen with the snapshot; the next snapshot changes them with ALTER VIEW, which
// keeps the grants people gave on them (CREATE OR REPLACE would drop those):
// https://docs.databricks.com/aws/en/sql/language-manual/sql-ref-syntax-ddl-create-view

export const transformedViewName = (eventsTable: string) => `${eventsTable}_transformed`;

const MAX_NAME = 255;

/**
 * Each custom event's view, `<table>_custom_<name>` (lower case, other characters as `_`); a
 * name that two custom events would share gets `_2`, `_3`… in the order they were created.
 */
export function customEventViewNames(
  eventsTable: string,
  customEvents: readonly { id: string; name: string }[],
): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>([transformedViewName(eventsTable).toLowerCase()]);
  for (const { id, name } of customEvents) {
    const slug =
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "_")
        .replace(/^_+|_+$/g, "") || "event";
    const base = `${eventsTable}_custom_${slug}`.slice(0, MAX_NAME - 4);
    let view = base;
    for (let n = 2; taken.has(view.toLowerCase()); n++) view = `${base}_${n}`;
    if (!isUnityCatalogName(view)) throw new Error(`Not a usable view name: ${view}`);
    taken.add(view.toLowerCase());
    names.set(id, view);
  }
  return names;
}

const list = (values: readonly string[]) => values.map(sqlStringLiteral).join(", ");

/** `CASE entry.key WHEN 'a' THEN 'b' … ELSE entry.key END`, or `entry.key` without cases. */
const caseOf = (subject: string, cases: readonly [string, string][]) =>
  cases.length
    ? `CASE ${subject} ${cases.map(([from, to]) => `WHEN ${sqlStringLiteral(from)} THEN ${sqlStringLiteral(to)}`).join(" ")} ELSE ${subject} END`
    : subject;

/** Creates the view if it is missing, then sets its query: the grants on it stay. */
const viewStatements = (view: string, query: string) => [
  `CREATE VIEW IF NOT EXISTS ${view} AS\n${query}`,
  `ALTER VIEW ${view} AS\n${query}`,
];

/** The merged event type of a raw one. */
function eventTypeExpression(transformations: readonly TransformationDefinition[]): string {
  const cases = transformations.flatMap((t) =>
    t.kind === "MERGE_EVENTS" ? t.from.map((from) => [from, t.into] as [string, string]) : [],
  );
  return caseOf(quoteIdentifier("event_type"), cases);
}

/**
 * One scope's properties with its transformations applied, from `map` (the column as
 * MAP<STRING, STRING>), in the order Amplitude's definitions read: merged properties take the
 * name they merge into, then values are renamed and hidden properties left out under that name
 * (so a rename or a hide of a merge's target covers what its sources bring). A map's keys must
 * be unique (map_from_entries raises DUPLICATED_MAP_KEY), so a source gives way to its target
 * and to the sources merged into that target before it, when the event has those.
 * https://docs.databricks.com/aws/en/sql/language-manual/functions/map_from_entries
 */
function propertiesExpression(
  map: string,
  scope: PropertyScope,
  transformations: readonly TransformationDefinition[],
): string {
  const ofScope = transformations.filter((t) => "scope" in t && t.scope === scope);
  if (ofScope.length === 0) return map;
  // Each target's sources, across all its merges, in the order they were made.
  const sourcesOf = new Map<string, string[]>();
  for (const t of ofScope)
    if (t.kind === "MERGE_PROPERTIES") sourcesOf.set(t.into, [...(sourcesOf.get(t.into) ?? []), ...t.from]);
  const has = (name: string) => `map_contains_key(${map}, ${sqlStringLiteral(name)})`;
  const givesWay: string[] = [];
  const renames: [string, string][] = [];
  for (const [into, sources] of sourcesOf)
    sources.forEach((from, i) => {
      renames.push([from, into]);
      const before = [into, ...sources.slice(0, i)].map(has).join(" OR ");
      givesWay.push(`(entry.key = ${sqlStringLiteral(from)} AND (${before}))`);
    });
  const values = ofScope.flatMap((t) =>
    t.kind === "RENAME_VALUE"
      ? [
          `WHEN entry.key = ${sqlStringLiteral(t.property)} AND entry.value = ${sqlStringLiteral(t.from)} THEN ${sqlStringLiteral(t.to)}`,
        ]
      : [],
  );
  const hidden = ofScope.flatMap((t) => (t.kind === "HIDE_PROPERTY" ? [t.property] : []));

  let entries = `map_entries(${map})`;
  if (givesWay.length) entries = `filter(${entries}, entry -> NOT (${givesWay.join(" OR ")}))`;
  if (renames.length)
    entries = `transform(${entries}, entry -> named_struct('key', ${caseOf("entry.key", renames)}, 'value', entry.value))`;
  if (values.length)
    entries = `transform(${entries}, entry -> named_struct('key', entry.key, 'value', CASE ${values.join(" ")} ELSE entry.value END))`;
  if (hidden.length) entries = `filter(${entries}, entry -> entry.key NOT IN (${list(hidden)}))`;
  return `map_from_entries(${entries})`;
}

export type TransformedViewInput = {
  target: TableTarget;
  json: JsonColumnType;
  transformations: readonly TransformationDefinition[];
  /** Event types hidden in the catalog (status Hidden), beside those hidden by a transformation. */
  hiddenEventTypes: readonly string[];
};

/**
 * `<table>_transformed`: every column of the events table, with event_type merged, and
 * event_properties and user_properties as MAP<STRING, STRING> with merges, renamed values and
 * hidden properties applied; events of hidden types (raw or merged) are left out.
 */
export function transformedViewSql({
  target,
  json,
  transformations,
  hiddenEventTypes,
}: TransformedViewInput): string[] {
  const view = qualifiedName(target.catalog, target.schema, transformedViewName(target.table));
  const events = qualifiedName(target.catalog, target.schema, target.table);
  const hidden = [
    ...new Set([
      ...hiddenEventTypes,
      ...transformations.flatMap((t) => (t.kind === "HIDE_EVENT" ? [t.eventType] : [])),
    ]),
  ].sort();
  const eventType = eventTypeExpression(transformations);
  const columns = EXPORTED_COLUMNS.map(({ name }) => {
    const column = quoteIdentifier(name);
    if (name === "event_type") return `${eventType} AS ${column}`;
    if (name === "event_properties")
      return `${propertiesExpression("__event_properties", "event", transformations)} AS ${column}`;
    if (name === "user_properties")
      return `${propertiesExpression("__user_properties", "user", transformations)} AS ${column}`;
    return column;
  });
  const where = hidden.length
    ? `\nWHERE ${quoteIdentifier("event_type")} NOT IN (${list(hidden)})` +
      (eventType === quoteIdentifier("event_type") ? "" : ` AND ${eventType} NOT IN (${list(hidden)})`)
    : "";
  const query = [
    `SELECT ${columns.join(",\n  ")}`,
    `FROM (`,
    `  SELECT *, ${propertiesMap("event_properties", json)} AS __event_properties, ${propertiesMap("user_properties", json)} AS __user_properties`,
    `  FROM ${events}${where.replaceAll("\n", "\n  ")}`,
    `) AS e`,
  ].join("\n");
  return viewStatements(view, query);
}

/** A custom event's view: the events table's rows that its definition selects, as they are. */
export function customEventViewSql(
  target: TableTarget,
  json: JsonColumnType,
  view: string,
  definition: CustomEventDefinition,
): string[] {
  const query = [
    `SELECT * FROM ${qualifiedName(target.catalog, target.schema, target.table)}`,
    `WHERE ${customEventConditionSql(definition, json)}`,
  ].join("\n");
  return viewStatements(qualifiedName(target.catalog, target.schema, view), query);
}

/** Drops a custom event's view that the latest snapshot no longer has (its custom event is gone). */
export const dropViewSql = (target: TableTarget, view: string) =>
  `DROP VIEW IF EXISTS ${qualifiedName(target.catalog, target.schema, view)}`;
