"use client";

import { OPERATOR_LABELS, PROPERTY_OPERATORS, type PropertyOperator } from "@/lib/exports/event-filter";
import type { DraftCondition, DraftFilter } from "@/components/destinations/filter-draft";
import { Button } from "@/components/ui/button";

type Props = {
  draft: DraftFilter;
  onChange: (draft: DraftFilter) => void;
  errors: Record<string, string>;
  sentence: string | null;
};
const selectClass =
  "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-100 focus:outline-none";
const inputClass = `${selectClass} min-w-0 flex-1 font-mono aria-[invalid=true]:border-red-500`;

/** The event filter: event types, and conditions on event or user properties, said back as a sentence. */
export function FilterBuilder({ draft, onChange, errors, sentence }: Props) {
  const setCondition = (index: number, patch: Partial<DraftCondition>) =>
    onChange({
      ...draft,
      conditions: draft.conditions.map((c, i) => (i === index ? { ...c, ...patch } : c)),
    });
  const typesError = errors["filter.eventTypes.values"] ?? errors["filter.eventTypes"];
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-slate-700">Event filter (optional)</legend>
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-slate-600">Event type</span>
        <select
          aria-label="Event type operator"
          value={draft.eventTypesOperator}
          onChange={(e) => onChange({ ...draft, eventTypesOperator: e.target.value as "is" | "is_not" })}
          className={selectClass}
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
          className={inputClass}
        />
      </div>
      {typesError && (
        <p id="event-types-error" className="text-xs text-red-700">
          {typesError}
        </p>
      )}
      {draft.conditions.map((condition, index) => {
        const valueError =
          errors[`filter.conditions.${index}.values`] ?? errors[`filter.conditions.${index}.value`];
        const propertyError = errors[`filter.conditions.${index}.property`];
        const needsValue = condition.operator !== "is_set" && condition.operator !== "is_not_set";
        return (
          <div
            key={index}
            role="group"
            aria-label={`Condition ${index + 1}`}
            className="space-y-1 rounded-md border border-slate-200 p-2"
          >
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-sm text-slate-600">and</span>
              <select
                aria-label="Property kind"
                value={condition.scope}
                onChange={(e) => setCondition(index, { scope: e.target.value as "event" | "user" })}
                className={selectClass}
              >
                <option value="event">event property</option>
                <option value="user">user property</option>
              </select>
              <input
                aria-label="Property name"
                placeholder="property"
                value={condition.property}
                onChange={(e) => setCondition(index, { property: e.target.value })}
                aria-invalid={propertyError ? "true" : undefined}
                className={inputClass}
              />
              <select
                aria-label="Operator"
                value={condition.operator}
                onChange={(e) => setCondition(index, { operator: e.target.value as PropertyOperator })}
                className={selectClass}
              >
                {PROPERTY_OPERATORS.map((operator) => (
                  <option key={operator} value={operator}>
                    {OPERATOR_LABELS[operator]}
                  </option>
                ))}
              </select>
              {needsValue && (
                <input
                  aria-label="Value"
                  placeholder={
                    condition.operator === "is" || condition.operator === "is_not"
                      ? "values, comma-separated"
                      : "value"
                  }
                  value={condition.value}
                  onChange={(e) => setCondition(index, { value: e.target.value })}
                  aria-invalid={valueError ? "true" : undefined}
                  className={inputClass}
                />
              )}
              <Button
                variant="remove"
                size="inline"
                onClick={() =>
                  onChange({ ...draft, conditions: draft.conditions.filter((_, i) => i !== index) })
                }
              >
                Remove
              </Button>
            </div>
            {(propertyError || valueError) && (
              <p className="text-xs text-red-700">{propertyError ?? valueError}</p>
            )}
          </div>
        );
      })}
      <Button
        variant="link"
        size="inline"
        onClick={() =>
          onChange({
            ...draft,
            conditions: [...draft.conditions, { scope: "event", property: "", operator: "is", value: "" }],
          })
        }
      >
        + Add property condition
      </Button>
      <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" aria-live="polite">
        {sentence ?? "Complete the filter to see what it exports."}
      </p>
    </fieldset>
  );
}
