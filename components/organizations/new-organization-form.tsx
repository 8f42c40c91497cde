"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { fieldErrorsOf, type ActionResult, type FieldErrors } from "@/lib/actions/action-result";
import { NewOrganizationInput } from "@/lib/organizations/organization-input";
import { Field } from "@/components/destinations/field";
import { ConfirmButton } from "@/components/ui/confirm-button";

type Values = { organizationName: string; projectName: string };
type Props = {
  /** The server action; its answer names the new organization's first project. */
  create: (input: NewOrganizationInput) => Promise<ActionResult<{ path: string }>>;
};

const FIELDS: { key: keyof Values; label: string }[] = [
  { key: "organizationName", label: "Organization name" },
  { key: "projectName", label: "First project name" },
];

/** A new organization and its first project, validated as typed; then to the project. */
export function NewOrganizationForm({ create }: Props) {
  const router = useRouter();
  const [values, setValues] = useState<Values>({ organizationName: "", projectName: "" });
  const [typed, setTyped] = useState<Partial<Record<keyof Values, boolean>>>({});
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const parsed = NewOrganizationInput.safeParse(values);
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  return (
    <div className="space-y-3">
      {FIELDS.map(({ key, label }) => (
        <Field
          key={key}
          label={label}
          value={values[key]}
          onChange={(value) => {
            setValues({ ...values, [key]: value });
            setTyped({ ...typed, [key]: true });
            setServerErrors({});
          }}
          // Nothing is said about a field no one has typed in yet.
          error={(typed[key] ? errors[key] : undefined) ?? serverErrors[key]}
        />
      ))}
      <ConfirmButton
        label="Create organization"
        pendingLabel="Working…"
        placement="form"
        disabled={!parsed.success}
        action={async () => {
          if (!parsed.success) return { ok: false, message: "Some fields need attention." };
          const result = await create(parsed.data);
          if (!result.ok) {
            setServerErrors(result.fieldErrors ?? {});
            return result;
          }
          if (result.data) router.push(result.data.path);
          return { ok: true, message: result.message };
        }}
      />
    </div>
  );
}
