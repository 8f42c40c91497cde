import type {
  DefinitionProblem,
  PropertyScope,
  TransformationDefinition,
} from "@/lib/catalog/transformation-definition";
import { quote } from "@/lib/exports/property-condition";

// Transformations apply together, when events are read
// (https://amplitude.com/docs/data/transformations): a set of them must say one thing about
// every event type, property and value. These are the checks that keep it so, run when one is
// added to a project's others.

type Merge = Extract<TransformationDefinition, { kind: "MERGE_EVENTS" | "MERGE_PROPERTIES" }>;
/** Merges of event types are keyed "events"; merges of properties by their scope. */
const mergeSpace = (merge: Merge) => (merge.kind === "MERGE_EVENTS" ? "events" : merge.scope);

/** source → target of the merges in one space ("events", or one scope's properties). */
function mergeTargets(
  existing: readonly TransformationDefinition[],
  space: "events" | PropertyScope,
): Map<string, string> {
  const targets = new Map<string, string>();
  for (const definition of existing) {
    if (definition.kind !== "MERGE_EVENTS" && definition.kind !== "MERGE_PROPERTIES") continue;
    if (mergeSpace(definition) !== space) continue;
    for (const source of definition.from) targets.set(source, definition.into);
  }
  return targets;
}

/**
 * Why `next` cannot join the project's `existing` transformations, or null: a name merged into
 * two targets, a merge into a name that is itself merged away (or of a name others are merged
 * into), a value renamed twice or along a chain, hiding what a merge already removed, and
 * duplicates. Each of these would leave the definitions ambiguous.
 */
export function contradictionWith(
  existing: readonly TransformationDefinition[],
  next: TransformationDefinition,
): DefinitionProblem | null {
  switch (next.kind) {
    case "MERGE_EVENTS":
    case "MERGE_PROPERTIES": {
      const space = mergeSpace(next);
      const targets = mergeTargets(existing, space);
      // Hidden names and renamed values: a merge would make it unclear what stays hidden or renamed.
      const hidden = (name: string) =>
        existing.some((d) =>
          space === "events"
            ? d.kind === "HIDE_EVENT" && d.eventType === name
            : d.kind === "HIDE_PROPERTY" && d.scope === space && d.property === name,
        );
      const renamed = (name: string) =>
        space !== "events" &&
        existing.some((d) => d.kind === "RENAME_VALUE" && d.scope === space && d.property === name);
      for (const [field, name] of [
        ["into", next.into] as const,
        ...next.from.map((n, i) => [`from.${i}`, n] as const),
      ]) {
        if (hidden(name))
          return {
            field,
            message: `${quote(name)} is hidden: delete that transformation before merging ${field === "into" ? "into it" : "it"}`,
          };
        if (field !== "into" && renamed(name))
          return {
            field,
            message: `Values of ${quote(name)} are renamed: delete those renames before merging it away`,
          };
      }
      const intoTarget = targets.get(next.into);
      if (intoTarget !== undefined)
        return {
          field: "into",
          message: `${quote(next.into)} is itself merged into ${quote(intoTarget)}: merge into ${quote(intoTarget)} instead`,
        };
      const targetNames = new Set(targets.values());
      for (const [index, source] of next.from.entries()) {
        const target = targets.get(source);
        if (target === next.into)
          return {
            field: `from.${index}`,
            message: `${quote(source)} is already merged into ${quote(target)}`,
          };
        if (target !== undefined)
          return {
            field: `from.${index}`,
            message: `${quote(source)} is already merged into ${quote(target)}: a name can be merged into one target only`,
          };
        if (targetNames.has(source))
          return {
            field: `from.${index}`,
            message: `Other names are merged into ${quote(source)}: merge into ${quote(source)} instead, or delete those merges first`,
          };
      }
      return null;
    }
    case "RENAME_VALUE": {
      const mergedInto = mergeTargets(existing, next.scope).get(next.property);
      if (mergedInto !== undefined)
        return {
          field: "property",
          message: `${quote(next.property)} is merged into ${quote(mergedInto)}: rename the values of ${quote(mergedInto)}`,
        };
      for (const d of existing) {
        if (d.kind !== "RENAME_VALUE" || d.scope !== next.scope || d.property !== next.property) continue;
        if (d.from === next.from)
          return {
            field: "from",
            message: `${quote(next.from)} is already renamed to ${quote(d.to)}`,
          };
        if (d.from === next.to)
          return {
            field: "to",
            message: `${quote(next.to)} is itself renamed to ${quote(d.to)}: rename to ${quote(d.to)} instead`,
          };
        if (d.to === next.from)
          return {
            field: "from",
            message: `${quote(d.from)} is renamed to ${quote(next.from)}: rename ${quote(d.from)} instead`,
          };
      }
      return null;
    }
    case "HIDE_EVENT": {
      const mergedInto = mergeTargets(existing, "events").get(next.eventType);
      if (mergedInto !== undefined)
        return {
          field: "eventType",
          message: `${quote(next.eventType)} is merged into ${quote(mergedInto)}: hide ${quote(mergedInto)} instead`,
        };
      if (existing.some((d) => d.kind === "HIDE_EVENT" && d.eventType === next.eventType))
        return { field: "eventType", message: `${quote(next.eventType)} is already hidden` };
      return null;
    }
    case "HIDE_PROPERTY": {
      const mergedInto = mergeTargets(existing, next.scope).get(next.property);
      if (mergedInto !== undefined)
        return {
          field: "property",
          message: `${quote(next.property)} is merged into ${quote(mergedInto)}: hide ${quote(mergedInto)} instead`,
        };
      if (
        existing.some(
          (d) => d.kind === "HIDE_PROPERTY" && d.scope === next.scope && d.property === next.property,
        )
      )
        return { field: "property", message: `${quote(next.property)} is already hidden` };
      return null;
    }
  }
}
