"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/action-result";
import type { Role } from "@/lib/auth/permissions";
import { ROLE_OPTIONS } from "@/components/members/role-options";

type Props = {
  email: string;
  role: Role;
  /** The change-role action, its organization and member bound. */
  change: (role: Role) => Promise<ActionResult>;
  disabled: boolean;
};

/** A member's role, changed as soon as another is chosen; says what happened. */
export function MemberRoleSelect({ email, role, change, disabled }: Props) {
  const [value, setValue] = useState(role);
  const [result, setResult] = useState<ActionResult>();
  const [pending, startTransition] = useTransition();
  return (
    <div>
      <select
        aria-label={`Role of ${email}`}
        value={value}
        disabled={disabled || pending}
        onChange={(event) => {
          const next = event.target.value as Role;
          setValue(next);
          startTransition(async () => {
            const outcome = await change(next);
            setResult(outcome);
            if (!outcome.ok) setValue(role);
          });
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm disabled:bg-slate-50"
      >
        {ROLE_OPTIONS.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {result && (
        <p role="status" className={result.ok ? "mt-1 text-xs text-green-700" : "mt-1 text-xs text-red-700"}>
          {result.message}
        </p>
      )}
    </div>
  );
}
