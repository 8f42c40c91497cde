"use client";

import { useState } from "react";
import { fieldErrorsOf, type ActionResult, type FieldErrors } from "@/lib/actions/action-result";
import {
  describeTransformation,
  TRANSFORMATION_KIND_LABELS,
  TRANSFORMATION_KINDS,
  TransformationDefinition,
  type PropertyScope,
  type TransformationKind,
} from "@/lib/catalog/transformation-definition";
import { Field } from "@/components/destinations/field";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { SelectField } from "@/components/ui/select-field";

type Props = {
  /** The server action, its scope bound. */
  add: (definition: TransformationDefinition) => Promise<ActionResult>;
  disabledReason?: string;
};

/** The form's text, one value per field; which fields count depends on the kind. */
type Draft = {
  kind: TransformationKind;
  scope: PropertyScope;
  into: string;
  from: string;
  property: string;
  value: string;
  to: string;
  eventType: string;
};
type TextField = Exclude<keyof Draft, "kind" | "scope">;
const EMPTY: Omit<Draft, "kind"> = {
  scope: "event",
  into: "",
  from: "",
  property: "",
  value: "",
  to: "",
  eventType: "",
};

const SCOPES = [
  { value: "event", label: "Event property" },
  { value: "user", label: "User property" },
] as const;
const list = (text: string) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

/** The draft as the definition's shape (still unvalidated). */
function candidate(draft: Draft): unknown {
  const { kind, scope } = draft;
  switch (kind) {
    case "MERGE_EVENTS":
      return { kind, into: draft.into, from: list(draft.from) };
    case "MERGE_PROPERTIES":
      return { kind, scope, into: draft.into, from: list(draft.from) };
    case "RENAME_VALUE":
      return { kind, scope, property: draft.property, from: draft.value, to: draft.to };
    case "HIDE_EVENT":
      return { kind, eventType: draft.eventType };
    case "HIDE_PROPERTY":
      return { kind, scope, property: draft.property };
  }
}

/** Each kind's text fields: the draft's field, its label, and the definition's field its errors are keyed by. */
const FIELDS: Record<
  TransformationKind,
  { name: TextField; label: string; errorKey: string; hint?: string }[]
> = {
  MERGE_EVENTS: [
    { name: "from", label: "Event types to merge", errorKey: "from", hint: "Comma-separated" },
    { name: "into", label: "Merge into event type", errorKey: "into" },
  ],
  MERGE_PROPERTIES: [
    { name: "from", label: "Properties to merge", errorKey: "from", hint: "Comma-separated" },
    { name: "into", label: "Merge into property", errorKey: "into" },
  ],
  RENAME_VALUE: [
    { name: "property", label: "Property", errorKey: "property" },
    { name: "value", label: "Value", errorKey: "from" },
    { name: "to", label: "Rename to", errorKey: "to" },
  ],
  HIDE_EVENT: [{ name: "eventType", label: "Event type", errorKey: "eventType" }],
  HIDE_PROPERTY: [{ name: "property", label: "Property", errorKey: "property" }],
};

/** The first error about `key` or one of its items ("from" covers "from.2"). */
const errorAbout = (errors: FieldErrors, key: string) =>
  errors[key] ?? Object.entries(errors).find(([path]) => path.startsWith(`${key}.`))?.[1];

/** Add transformation: a Kind select and that kind's fields, said back as a sentence. */
export function TransformationForm({ add, disabledReason }: Props) {
  const [draft, setDraft] = useState<Draft>({ kind: "MERGE_EVENTS", ...EMPTY });
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const parsed = TransformationDefinition.safeParse(candidate(draft));
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  const errorOf = (key: string) =>
    errorAbout(serverErrors, key) ?? (touched.has(key) ? errorAbout(errors, key) : undefined);
  const change = (patch: Partial<Draft>, keys: string[]) => {
    setDraft((current) => ({ ...current, ...patch }));
    setTouched((current) => new Set([...current, ...keys]));
    setServerErrors({});
  };
  const scoped = draft.kind !== "MERGE_EVENTS" && draft.kind !== "HIDE_EVENT";
  return (
    <fieldset disabled={Boolean(disabledReason)} className="space-y-4">
      <SelectField
        label="Kind"
        value={draft.kind}
        options={TRANSFORMATION_KINDS.map((kind) => ({
          value: kind,
          label: TRANSFORMATION_KIND_LABELS[kind],
        }))}
        onChange={(kind) => {
          setDraft({ kind, ...EMPTY });
          setTouched(new Set());
          setServerErrors({});
        }}
      />
      {scoped && (
        <SelectField
          label="Property kind"
          value={draft.scope}
          options={SCOPES}
          onChange={(scope) => change({ scope }, ["scope"])}
          error={errorOf("scope")}
        />
      )}
      {FIELDS[draft.kind].map((field) => (
        <Field
          key={`${draft.kind}-${field.name}`}
          label={field.label}
          hint={field.hint}
          value={draft[field.name]}
          onChange={(value) => change({ [field.name]: value }, [field.errorKey])}
          error={errorOf(field.errorKey)}
        />
      ))}
      <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" aria-live="polite">
        {parsed.success
          ? describeTransformation(parsed.data)
          : "Complete the fields to see the transformation in words."}
      </p>
      <ConfirmButton
        label="Add transformation"
        pendingLabel="Adding…"
        placement="form"
        disabled={!parsed.success}
        disabledReason={disabledReason}
        action={() => add(parsed.data!)}
        onResult={(result) => {
          if (result.ok) {
            setDraft((current) => ({ kind: current.kind, ...EMPTY }));
            setTouched(new Set());
          } else setServerErrors(result.fieldErrors ?? {});
        }}
      />
    </fieldset>
  );
}
