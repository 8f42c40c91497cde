// The custom event form edits a draft of plain text; CustomEventInput validates what it becomes.
import type { CustomEventDefinition } from "@/lib/catalog/custom-event-definition";
import {
  conditionToDraft,
  draftToCondition,
  type DraftCondition,
} from "@/components/destinations/filter-draft";

export type DraftClause = { eventType: string; conditions: DraftCondition[] };
export type CustomEventDraft = { name: string; description: string; clauses: DraftClause[] };

export const EMPTY_CLAUSE: DraftClause = { eventType: "", conditions: [] };

export const emptyCustomEventDraft = (): CustomEventDraft => ({
  name: "",
  description: "",
  clauses: [{ ...EMPTY_CLAUSE }],
});

/** The draft as CustomEventInput's shape (still unvalidated). */
export function draftToCustomEvent(draft: CustomEventDraft): unknown {
  return {
    name: draft.name,
    description: draft.description,
    definition: {
      anyOf: draft.clauses.map((clause) => ({
        eventType: clause.eventType,
        conditions: clause.conditions.map(draftToCondition),
      })),
    },
  };
}

export function customEventToDraft(event: {
  name: string;
  description: string;
  definition: CustomEventDefinition;
}): CustomEventDraft {
  return {
    name: event.name,
    description: event.description,
    clauses: event.definition.anyOf.map((clause) => ({
      eventType: clause.eventType,
      conditions: clause.conditions.map(conditionToDraft),
    })),
  };
}
