"use client";

import { useId, useState } from "react";
import type { ActionResult } from "@/lib/actions/action-result";
import {
  CLASSIFICATION_LABELS,
  MAX_DESCRIPTION,
  PROPERTY_CLASSIFICATIONS,
  type PropertyClassificationValue,
  type PropertyUpdateInput,
} from "@/lib/catalog/catalog-input";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { TextAreaField } from "@/components/catalog/text-area-field";

type Props = {
  /** Which property: an event type's (EVENT) or a user property (USER, event type ""). */
  property: Pick<PropertyUpdateInput, "scope" | "eventType" | "name">;
  initial: { description: string; classifications: PropertyClassificationValue[] };
  /** The server action, its scope bound. */
  save: (input: PropertyUpdateInput) => Promise<ActionResult>;
  /** The caller's role may not edit: every control is disabled (the table says why, once). */
  readOnly?: boolean;
};

/** A property's description and classifications (PII, sensitive, revenue). */
export function PropertyForm({ property, initial, save, readOnly }: Props) {
  const [description, setDescription] = useState(initial.description);
  const [classifications, setClassifications] = useState(new Set(initial.classifications));
  const id = useId();
  const tooLong = description.trim().length > MAX_DESCRIPTION;
  const toggle = (classification: PropertyClassificationValue, on: boolean) =>
    setClassifications((current) => {
      const next = new Set(current);
      if (on) next.add(classification);
      else next.delete(classification);
      return next;
    });
  return (
    <fieldset disabled={readOnly} aria-label={`Property ${property.name}`} className="space-y-2">
      <TextAreaField
        label="Description"
        rows={2}
        value={description}
        onChange={setDescription}
        error={tooLong ? `The description must be at most ${MAX_DESCRIPTION} characters.` : undefined}
      />
      <div className="flex flex-wrap gap-4 text-sm" role="group" aria-label="Classification">
        {PROPERTY_CLASSIFICATIONS.map((classification) => (
          <label
            key={classification}
            htmlFor={`${id}-${classification}`}
            className="flex items-center gap-1.5"
          >
            <input
              id={`${id}-${classification}`}
              type="checkbox"
              checked={classifications.has(classification)}
              onChange={(event) => toggle(classification, event.target.checked)}
            />
            {CLASSIFICATION_LABELS[classification]}
          </label>
        ))}
      </div>
      <ConfirmButton
        label="Save property"
        pendingLabel="Saving…"
        disabled={tooLong || readOnly}
        action={() =>
          save({
            ...property,
            description,
            classifications: PROPERTY_CLASSIFICATIONS.filter((classification) =>
              classifications.has(classification),
            ),
          })
        }
      />
    </fieldset>
  );
}
