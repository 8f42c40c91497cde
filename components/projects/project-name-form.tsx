"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { fieldErrorsOf, type ActionResult, type FieldErrors } from "@/lib/actions/action-result";
import { ProjectNameInput } from "@/lib/projects/project-input";
import { Field } from "@/components/destinations/field";
import { ConfirmButton } from "@/components/ui/confirm-button";

type Props = {
  /** The field's label. */
  label: string;
  /** The button's label. */
  submitLabel: string;
  /** The name now (renaming); empty for a new project. */
  initialName?: string;
  /** The server action, its scope bound; a `path` in its answer is where to go next. */
  save: (input: ProjectNameInput) => Promise<ActionResult<{ path: string }>>;
  /** Why the caller's role may not use the form: it is disabled and the sentence shown. */
  disabledReason?: string;
};

/** A project's name, validated as typed: the form that creates a project and the one that renames it. */
export function ProjectNameForm({ label, submitLabel, initialName = "", save, disabledReason }: Props) {
  const router = useRouter();
  const [name, setName] = useState(initialName);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const parsed = ProjectNameInput.safeParse({ name });
  // Nothing is said about a field no one has typed in yet.
  const typedError = name !== initialName && !parsed.success ? fieldErrorsOf(parsed.error).name : undefined;
  const unchanged = parsed.success && parsed.data.name === initialName;
  return (
    <fieldset disabled={Boolean(disabledReason)} className="space-y-3">
      <Field
        label={label}
        value={name}
        onChange={(value) => {
          setName(value);
          setServerErrors({});
        }}
        error={typedError ?? serverErrors.name}
      />
      <ConfirmButton
        label={submitLabel}
        pendingLabel="Working…"
        placement="form"
        disabled={!parsed.success || unchanged}
        disabledReason={disabledReason}
        action={async () => {
          if (!parsed.success) return { ok: false, message: "Some fields need attention." };
          const result = await save(parsed.data);
          if (!result.ok) {
            setServerErrors(result.fieldErrors ?? {});
            return result;
          }
          if (result.data) router.push(result.data.path);
          return { ok: true, message: result.message };
        }}
      />
    </fieldset>
  );
}
