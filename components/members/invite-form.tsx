"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/action-result";
import type { Role } from "@/lib/auth/permissions";
import { CopyButton } from "@/components/copy-button";
import { Field } from "@/components/destinations/field";
import { Button } from "@/components/ui/button";
import { PermissionNote } from "@/components/ui/permission-note";
import { SelectField } from "@/components/ui/select-field";
import { ROLE_OPTIONS } from "@/components/members/role-options";

type Props = {
  /** The invite action, its organization bound. */
  invite: (input: { email: string; role: Role }) => Promise<ActionResult<{ link: string }>>;
  disabledReason?: string;
};

/** Invite member: e-mail and role; shows the invitation link to copy once created. */
export function InviteForm({ invite, disabledReason }: Props) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("MEMBER");
  const [result, setResult] = useState<ActionResult<{ link: string }>>();
  const [pending, startTransition] = useTransition();
  const fieldErrors = result && !result.ok ? result.fieldErrors : undefined;
  const link = result?.ok ? result.data?.link : undefined;
  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const outcome = await invite({ email, role });
          setResult(outcome);
          if (outcome.ok) setEmail("");
        });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
        <Field
          label="Email"
          type="email"
          value={email}
          onChange={setEmail}
          error={fieldErrors?.email}
          disabled={Boolean(disabledReason)}
        />
        <SelectField
          label="Role"
          value={role}
          options={ROLE_OPTIONS}
          onChange={setRole}
          error={fieldErrors?.role}
          disabled={Boolean(disabledReason)}
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" disabled={pending || Boolean(disabledReason)}>
          {pending ? "Sending…" : "Send invitation"}
        </Button>
        {disabledReason && <PermissionNote>{disabledReason}</PermissionNote>}
        {result && (
          <p role="status" className={result.ok ? "text-sm text-green-700" : "text-sm text-red-700"}>
            {result.message}
          </p>
        )}
      </div>
      {link && (
        <div>
          <label htmlFor="invitation-link" className="block text-sm font-medium text-slate-700">
            Invitation link
          </label>
          <div className="mt-1 flex items-center gap-2">
            <input
              id="invitation-link"
              readOnly
              value={link}
              onFocus={(event) => event.target.select()}
              className="block w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs"
            />
            <CopyButton text={link} />
          </div>
        </div>
      )}
    </form>
  );
}
