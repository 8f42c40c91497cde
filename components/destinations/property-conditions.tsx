"use client";

import { OPERATOR_LABELS, PROPERTY_OPERATORS, type PropertyOperator } from "@/lib/exports/property-condition";
import { EMPTY_CONDITION, type DraftCondition } from "@/components/destinations/filter-draft";
import { Button } from "@/components/ui/button";

// The rows of property conditions (event or user property, operator, value), all ANDed: the
// destination filter's, and each event type's in a custom event.

export const filterSelectClass =
  "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-100 focus:outline-none";
export const filterInputClass = `${filterSelectClass} min-w-0 flex-1 font-mono aria-[invalid=true]:border-red-500`;

type Props = {
  conditions: DraftCondition[];
  onChange: (conditions: DraftCondition[]) => void;
  errors: Record<string, string>;
  /** Where the conditions' errors are keyed: "filter.conditions", "definition.anyOf.0.conditions". */
  errorPath: string;
  /** Each row's group name: "Condition 1" unless told. */
  rowLabel?: (index: number) => string;
};

export function PropertyConditions({
  conditions,
  onChange,
  errors,
  errorPath,
  rowLabel = (index) => `Condition ${index + 1}`,
}: Props) {
  const setCondition = (index: number, patch: Partial<DraftCondition>) =>
    onChange(conditions.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  return (
    <>
      {conditions.map((condition, index) => {
        const valueError = errors[`${errorPath}.${index}.values`] ?? errors[`${errorPath}.${index}.value`];
        const propertyError = errors[`${errorPath}.${index}.property`];
        const needsValue = condition.operator !== "is_set" && condition.operator !== "is_not_set";
        return (
          <div
            key={index}
            role="group"
            aria-label={rowLabel(index)}
            className="space-y-1 rounded-md border border-slate-200 p-2"
          >
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-sm text-slate-600">and</span>
              <select
                aria-label="Property kind"
                value={condition.scope}
                onChange={(e) => setCondition(index, { scope: e.target.value as "event" | "user" })}
                className={filterSelectClass}
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
                className={filterInputClass}
              />
              <select
                aria-label="Operator"
                value={condition.operator}
                onChange={(e) => setCondition(index, { operator: e.target.value as PropertyOperator })}
                className={filterSelectClass}
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
                  className={filterInputClass}
                />
              )}
              <Button
                variant="remove"
                size="inline"
                onClick={() => onChange(conditions.filter((_, i) => i !== index))}
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
      <div>
        <Button
          variant="link"
          size="inline"
          onClick={() => onChange([...conditions, { ...EMPTY_CONDITION }])}
        >
          + Add property condition
        </Button>
      </div>
    </>
  );
}
