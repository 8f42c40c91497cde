"use client";

import { useState, useTransition } from "react";
import { signIn } from "next-auth/react";
import type { ActionResult } from "@/lib/actions/action-result";
import { Field } from "@/components/destinations/field";
import { Button } from "@/components/ui/button";

export type FormField = {
  name: string;
  label: string;
  type?: "text" | "email" | "password";
  autoComplete?: string;
  hint?: string;
  initial?: string;
};

/** An account the action just created, to sign in to and open. */
export type NewAccount = { email: string; organizationSlug: string };

/**
 * After success: by default the fields empty and the action's message shows; `goTo` opens a
 * page; `signInWith` (the password field's name) signs the action's new account in and opens
 * its organization.
 */
type After = { goTo: string } | { signInWith: string };

type Props<T> = {
  fields: FormField[];
  submitLabel: string;
  pendingLabel?: string;
  /** The server action, its scope bound; gets the fields' values by name. */
  action: (values: Record<string, string>) => Promise<ActionResult<T>>;
  after?: After;
};

async function destination(after: After, data: unknown, values: Record<string, string>): Promise<string> {
  if ("goTo" in after) return after.goTo;
  const account = data as NewAccount;
  const signedIn = await signIn("credentials", {
    email: account.email,
    password: values[after.signInWith],
    redirect: false,
  });
  // The account exists either way; without a session the sign-in page takes over.
  return signedIn?.ok && !signedIn.error
    ? `/orgs/${encodeURIComponent(account.organizationSlug)}`
    : "/signin";
}

/** A form of text fields that runs one server action and shows its errors beside the fields. */
export function ActionForm<T>({ fields, submitLabel, pendingLabel, action, after }: Props<T>) {
  const initial = () => Object.fromEntries(fields.map((field) => [field.name, field.initial ?? ""]));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [result, setResult] = useState<ActionResult<T>>();
  const [pending, startTransition] = useTransition();
  const fieldErrors = result && !result.ok ? result.fieldErrors : undefined;
  return (
    <form
      className="space-y-4 text-left"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const outcome = await action(values);
          if (outcome.ok && after)
            return window.location.assign(await destination(after, outcome.data, values));
          setResult(outcome);
          if (outcome.ok) setValues(initial());
        });
      }}
    >
      {fields.map((field) => (
        <Field
          key={field.name}
          label={field.label}
          type={field.type}
          autoComplete={field.autoComplete}
          hint={field.hint}
          value={values[field.name] ?? ""}
          onChange={(value) => setValues((current) => ({ ...current, [field.name]: value }))}
          error={fieldErrors?.[field.name]}
        />
      ))}
      {result && (
        <p
          role={result.ok ? "status" : "alert"}
          className={result.ok ? "text-sm text-green-700" : "text-sm text-red-700"}
        >
          {result.message}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={pending}>
        {pending && pendingLabel ? pendingLabel : submitLabel}
      </Button>
    </form>
  );
}
