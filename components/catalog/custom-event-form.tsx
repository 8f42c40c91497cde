"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { fieldErrorsOf, type ActionResult, type FieldErrors } from "@/lib/actions/action-result";
import {
  CUSTOM_EVENT_MAX_CLAUSES,
  CustomEventInput,
  describeCustomEvent,
} from "@/lib/catalog/custom-event-definition";
import {
  draftToCustomEvent,
  EMPTY_CLAUSE,
  type CustomEventDraft,
  type DraftClause,
} from "@/components/catalog/custom-event-draft";
import { TextAreaField } from "@/components/catalog/text-area-field";
import { Field } from "@/components/destinations/field";
import { PropertyConditions } from "@/components/destinations/property-conditions";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";

type Props = {
  initial: CustomEventDraft;
  /** The custom event being edited; none for a new one. */
  id?: string;
  /** The server action, its scope bound. */
  save: (input: unknown) => Promise<ActionResult>;
  submitLabel: "Create custom event" | "Save custom event";
  /** Where a new custom event's creation leads: the Custom events tab. */
  afterCreate?: string;
  disabledReason?: string;
};

/**
 * A custom event: name, description, and one or more event types (any of them), each with
 * property conditions (all of them), said back as a sentence.
 */
export function CustomEventForm({ initial, id, save, submitLabel, afterCreate, disabledReason }: Props) {
  const router = useRouter();
  const [draft, setDraft] = useState(initial);
  // Error paths the person has edited; an error shows once its field was touched.
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const parsed = CustomEventInput.safeParse(draftToCustomEvent(draft));
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  const visible: FieldErrors = { ...serverErrors };
  for (const [path, message] of Object.entries(errors))
    if ([...touched].some((prefix) => path === prefix || path.startsWith(`${prefix}.`)))
      visible[path] ??= message;

  const edit = (patch: Partial<CustomEventDraft>, path: string) => {
    setDraft((current) => ({ ...current, ...patch }));
    setTouched((current) => new Set(current).add(path));
    setServerErrors({});
  };
  const setClause = (index: number, patch: Partial<DraftClause>, path: string) =>
    edit(
      { clauses: draft.clauses.map((clause, i) => (i === index ? { ...clause, ...patch } : clause)) },
      `definition.anyOf.${index}.${path}`,
    );

  return (
    <fieldset disabled={Boolean(disabledReason)} className="max-w-3xl space-y-4">
      <Field
        label="Name"
        value={draft.name}
        onChange={(name) => edit({ name }, "name")}
        error={visible.name}
      />
      <TextAreaField
        label="Description"
        value={draft.description}
        onChange={(description) => edit({ description }, "description")}
        error={visible.description}
      />
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-700">Any of these events</legend>
        {visible["definition.anyOf"] && <p className="text-xs text-red-700">{visible["definition.anyOf"]}</p>}
        {draft.clauses.map((clause, index) => (
          <div
            key={index}
            role="group"
            aria-label={`Event type ${index + 1}`}
            className="space-y-3 rounded-lg border border-slate-200 p-3"
          >
            {index > 0 && <p className="text-xs font-semibold text-slate-500 uppercase">or</p>}
            <Field
              label="Event type"
              value={clause.eventType}
              onChange={(eventType) => setClause(index, { eventType }, "eventType")}
              error={visible[`definition.anyOf.${index}.eventType`]}
            />
            <PropertyConditions
              conditions={clause.conditions}
              onChange={(conditions) => setClause(index, { conditions }, "conditions")}
              errors={visible}
              errorPath={`definition.anyOf.${index}.conditions`}
              rowLabel={(row) => `Event type ${index + 1}, condition ${row + 1}`}
            />
            {draft.clauses.length > 1 && (
              <Button
                variant="remove"
                size="inline"
                onClick={() =>
                  edit({ clauses: draft.clauses.filter((_, i) => i !== index) }, "definition.anyOf")
                }
              >
                Remove event type
              </Button>
            )}
          </div>
        ))}
        <Button
          variant="link"
          size="inline"
          disabled={draft.clauses.length >= CUSTOM_EVENT_MAX_CLAUSES}
          onClick={() => edit({ clauses: [...draft.clauses, { ...EMPTY_CLAUSE }] }, "definition.anyOf")}
        >
          + Add event type
        </Button>
      </fieldset>
      <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" aria-live="polite">
        {parsed.success
          ? describeCustomEvent(parsed.data.definition)
          : "Complete the definition to see it in words."}
      </p>
      <ConfirmButton
        label={submitLabel}
        pendingLabel="Saving…"
        placement="form"
        disabled={!parsed.success}
        disabledReason={disabledReason}
        action={() => save(id ? { ...parsed.data, id } : parsed.data)}
        onResult={(result) => {
          if (!result.ok) setServerErrors(result.fieldErrors ?? {});
          else if (afterCreate) router.push(afterCreate);
        }}
      />
    </fieldset>
  );
}
