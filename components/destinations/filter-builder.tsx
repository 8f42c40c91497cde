"use client";

import { useId } from "react";
import type { DraftFilter } from "@/components/destinations/filter-draft";
import {
  filterInputClass,
  filterSelectClass,
  PropertyConditions,
} from "@/components/destinations/property-conditions";

/** A custom event the filter may select: the project's live ones. */
export type CustomEventOption = { id: string; name: string };

type Props = {
  draft: DraftFilter;
  onChange: (draft: DraftFilter) => void;
  errors: Record<string, string>;
  sentence: string | null;
  customEvents: readonly CustomEventOption[];
};

/**
 * The event filter: event types, a custom event, and conditions on event or user properties,
 * all ANDed, said back as a sentence.
 */
export function FilterBuilder({ draft, onChange, errors, sentence, customEvents }: Props) {
  const customEventId = useId();
  const typesError = errors["filter.eventTypes.values"] ?? errors["filter.eventTypes"];
  const customEventError = errors["filter.customEvent"] ?? errors["filter.customEvent.id"];
  // A custom event deleted since the filter was saved still shows, so that the select says what is stored.
  const missing =
    draft.customEventId !== "" && !customEvents.some((event) => event.id === draft.customEventId);
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-slate-700">Event filter (optional)</legend>
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-slate-600">Event type</span>
        <select
          aria-label="Event type operator"
          value={draft.eventTypesOperator}
          onChange={(e) => onChange({ ...draft, eventTypesOperator: e.target.value as "is" | "is_not" })}
          className={filterSelectClass}
        >
          <option value="is">is one of</option>
          <option value="is_not">is not one of</option>
        </select>
        <input
          aria-label="Event types"
          placeholder="Any event type (comma-separated list)"
          value={draft.eventTypes}
          onChange={(e) => onChange({ ...draft, eventTypes: e.target.value })}
          aria-invalid={typesError ? "true" : undefined}
          aria-describedby={typesError ? "event-types-error" : undefined}
          className={filterInputClass}
        />
      </div>
      {typesError && (
        <p id="event-types-error" className="text-xs text-red-700">
          {typesError}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={customEventId} className="text-sm text-slate-600">
          Custom event
        </label>
        <select
          id={customEventId}
          value={draft.customEventId}
          onChange={(e) => onChange({ ...draft, customEventId: e.target.value })}
          aria-invalid={customEventError || missing ? "true" : undefined}
          aria-describedby={customEventError ? `${customEventId}-error` : undefined}
          className={filterSelectClass}
        >
          <option value="">None</option>
          {customEvents.map((event) => (
            <option key={event.id} value={event.id}>
              {event.name}
            </option>
          ))}
          {missing && <option value={draft.customEventId}>A deleted custom event</option>}
        </select>
      </div>
      {(customEventError || missing) && (
        <p id={`${customEventId}-error`} className="text-xs text-red-700">
          {customEventError ?? "This custom event was deleted: choose another one, or None."}
        </p>
      )}
      <PropertyConditions
        conditions={draft.conditions}
        onChange={(conditions) => onChange({ ...draft, conditions })}
        errors={errors}
        errorPath="filter.conditions"
      />
      <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" aria-live="polite">
        {sentence ?? "Complete the filter to see what it exports."}
      </p>
    </fieldset>
  );
}
