import { z } from "zod";
import { quote, quotedList } from "@/lib/exports/property-condition";

// Transformations, as Amplitude has them: merge event types, merge properties, rename property
// values, hide an event type or a property. They apply when events are read and never change
// the raw data (https://amplitude.com/docs/data/transformations): here they are definitions in
// the portal's database, and stored events stay exactly as they were ingested.

export const TRANSFORMATION_KINDS = [
  "MERGE_EVENTS",
  "MERGE_PROPERTIES",
  "RENAME_VALUE",
  "HIDE_EVENT",
  "HIDE_PROPERTY",
] as const;
export type TransformationKind = (typeof TRANSFORMATION_KINDS)[number];

/** What the Kind select offers. */
export const TRANSFORMATION_KIND_LABELS: Record<TransformationKind, string> = {
  MERGE_EVENTS: "Merge event types",
  MERGE_PROPERTIES: "Merge properties",
  RENAME_VALUE: "Rename a property value",
  HIDE_EVENT: "Hide an event type",
  HIDE_PROPERTY: "Hide a property",
};

const MAX_MERGED = 100;
const named = (what: string) =>
  z
    .string({ error: `Name the ${what}` })
    .trim()
    .min(1, `Name the ${what}`)
    .max(1024, `The ${what} must be at most 1024 characters`);
const mergedNames = (what: string) =>
  z
    .array(named(what), { error: `Name the ${what}s to merge` })
    .min(1, `Name at least one ${what} to merge`)
    .max(MAX_MERGED, `At most ${MAX_MERGED} ${what}s per merge`);
const scope = z.enum(["event", "user"], { error: "Choose event property or user property" });
export type PropertyScope = z.infer<typeof scope>;

const MergeEvents = z.object({
  kind: z.literal("MERGE_EVENTS"),
  into: named("event type to merge into"),
  from: mergedNames("event type"),
});
const MergeProperties = z.object({
  kind: z.literal("MERGE_PROPERTIES"),
  scope,
  into: named("property to merge into"),
  from: mergedNames("property"),
});
const RenameValue = z.object({
  kind: z.literal("RENAME_VALUE"),
  scope,
  property: named("property"),
  from: named("value to rename").max(1024),
  to: named("new value"),
});
const HideEvent = z.object({ kind: z.literal("HIDE_EVENT"), eventType: named("event type to hide") });
const HideProperty = z.object({
  kind: z.literal("HIDE_PROPERTY"),
  scope,
  property: named("property to hide"),
});

/** A transformation's definition; the kind is the discriminator. Errors are keyed by field. */
export const TransformationDefinition = z
  .discriminatedUnion("kind", [MergeEvents, MergeProperties, RenameValue, HideEvent, HideProperty], {
    error: "Choose a kind of transformation",
  })
  .superRefine((definition, ctx) => {
    const problem = problemWithin(definition);
    if (problem) ctx.addIssue({ code: "custom", path: problem.field.split("."), message: problem.message });
  });
export type TransformationDefinition = z.infer<typeof TransformationDefinition>;

/** A problem with a definition, keyed by the field it is about ("from.1", "into", "to"). */
export type DefinitionProblem = { field: string; message: string };

/** Within one definition: a name merged twice, a merge into one of its own sources, a rename to itself. */
function problemWithin(definition: TransformationDefinition): DefinitionProblem | null {
  if (definition.kind === "MERGE_EVENTS" || definition.kind === "MERGE_PROPERTIES") {
    const seen = new Set<string>();
    for (const [index, name] of definition.from.entries()) {
      if (name === definition.into)
        return {
          field: `from.${index}`,
          message: `${quote(name)} is the one merged into: it cannot be merged into itself`,
        };
      if (seen.has(name)) return { field: `from.${index}`, message: `${quote(name)} is listed twice` };
      seen.add(name);
    }
  }
  if (definition.kind === "RENAME_VALUE" && definition.from === definition.to)
    return { field: "to", message: "The new value is the same as the value to rename" };
  return null;
}

const scopeWords = (scope: PropertyScope) => (scope === "event" ? "event property" : "user property");
const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);

/** The transformation in plain words: `Merge event types “a” and “b” into “c”`. */
export function describeTransformation(definition: TransformationDefinition): string {
  switch (definition.kind) {
    case "MERGE_EVENTS":
      return `Merge ${plural(definition.from.length, "event type", "event types")} ${quotedList(definition.from, "and")} into ${quote(definition.into)}`;
    case "MERGE_PROPERTIES": {
      const what = scopeWords(definition.scope);
      return `Merge ${plural(definition.from.length, what, what.replace(/y$/, "ies"))} ${quotedList(definition.from, "and")} into ${quote(definition.into)}`;
    }
    case "RENAME_VALUE":
      return `Rename value ${quote(definition.from)} of ${scopeWords(definition.scope)} ${quote(definition.property)} to ${quote(definition.to)}`;
    case "HIDE_EVENT":
      return `Hide event type ${quote(definition.eventType)}`;
    case "HIDE_PROPERTY":
      return `Hide ${scopeWords(definition.scope)} ${quote(definition.property)}`;
  }
}
