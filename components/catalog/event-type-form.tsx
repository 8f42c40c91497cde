"use client";

import { useState } from "react";
import { fieldErrorsOf, type ActionResult, type FieldErrors } from "@/lib/actions/action-result";
import {
  CATALOG_STATUSES,
  EventTypeUpdateInput,
  NEW_CATEGORY,
  STATUS_LABELS,
  type CatalogStatusValue,
} from "@/lib/catalog/catalog-input";
import { Field } from "@/components/destinations/field";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { SelectField } from "@/components/ui/select-field";
import { TextAreaField } from "@/components/catalog/text-area-field";

type Values = { displayName: string; description: string; categoryId: string; status: CatalogStatusValue };

type Props = {
  eventType: string;
  initial: Values;
  categories: { id: string; name: string }[];
  /** The server action, its scope bound. */
  save: (input: EventTypeUpdateInput) => Promise<ActionResult>;
  /** Why the caller's role may not edit: every control is disabled and the sentence shown. */
  disabledReason?: string;
};

const STATUS_OPTIONS = CATALOG_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }));

/** An event type's display name, description, category and status, validated as typed. */
export function EventTypeForm({ eventType, initial, categories, save, disabledReason }: Props) {
  const [values, setValues] = useState({ ...initial, newCategory: "" });
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const parsed = EventTypeUpdateInput.safeParse({ eventType, ...values });
  const errors = { ...(parsed.success ? {} : fieldErrorsOf(parsed.error)), ...serverErrors };
  const set = (field: keyof typeof values) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setServerErrors({});
  };
  const categoryOptions = [
    { value: "", label: "No category" },
    ...categories.map((category) => ({ value: category.id, label: category.name })),
    { value: NEW_CATEGORY, label: "New category…" },
  ];
  return (
    <fieldset disabled={Boolean(disabledReason)} className="space-y-4">
      <Field
        label="Display name"
        value={values.displayName}
        onChange={set("displayName")}
        error={errors.displayName}
      />
      <TextAreaField
        label="Description"
        value={values.description}
        onChange={set("description")}
        error={errors.description}
      />
      <SelectField
        label="Category"
        value={values.categoryId}
        options={categoryOptions}
        onChange={set("categoryId")}
        error={errors.categoryId}
      />
      {values.categoryId === NEW_CATEGORY && (
        <Field
          label="New category name"
          value={values.newCategory}
          onChange={set("newCategory")}
          error={errors.newCategory}
        />
      )}
      <SelectField label="Status" value={values.status} options={STATUS_OPTIONS} onChange={set("status")} />
      <ConfirmButton
        label="Save event type"
        pendingLabel="Saving…"
        placement="form"
        disabled={!parsed.success}
        disabledReason={disabledReason}
        action={async () => {
          if (!parsed.success) return { ok: false, message: "Some fields need attention." };
          const result = await save(parsed.data);
          if (!result.ok) setServerErrors(result.fieldErrors ?? {});
          return result;
        }}
      />
    </fieldset>
  );
}
