"use client";

import { useState } from "react";
import type { z } from "zod";
import { fieldErrorsOf, type ActionResult } from "@/lib/actions/action-result";
import { credentialInputSchema } from "@/lib/destinations/destination-input";
import { Field } from "@/components/destinations/field";
import { SETUP_FIELDS } from "@/components/destinations/setup-fields";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CodeBlock } from "@/components/code-block";
import { workspaceOriginOf } from "@/lib/databricks/workspace-host";
import { credentialChangeCommands } from "@/lib/destinations/databricks-snippets";

type Values = z.input<ReturnType<typeof credentialInputSchema>>;
type Props = {
  values: Values;
  allowedHosts: string[];
  /** What the policy commands need: Deltaport's issuer and the destination's identity. */
  policy: { issuer: string; projectId: string; destinationId: string };
  save: (input: unknown) => Promise<ActionResult>;
  disabledReason?: string;
};

const ORDER: (keyof Values)[] = ["workspaceHost", "clientId", "catalog", "schema", "table", "warehouseId"];

/** Edit the workspace, credential and target of an existing destination (admins only). */
export function CredentialsEditor({ values, allowedHosts, policy, save, disabledReason }: Props) {
  const [form, setForm] = useState(values);
  const [result, setResult] = useState<ActionResult>();
  const parsed = credentialInputSchema(allowedHosts).safeParse(form);
  const errors = {
    ...(parsed.success ? {} : fieldErrorsOf(parsed.error)),
    ...(result && !result.ok ? result.fieldErrors : {}),
  };
  // A new workspace or client id needs the federation policy changed in Databricks first.
  const commands = parsed.success
    ? credentialChangeCommands(
        policy,
        { workspaceOrigin: workspaceOriginOf(values.workspaceHost, allowedHosts), clientId: values.clientId },
        { workspaceOrigin: workspaceOriginOf(form.workspaceHost, allowedHosts), clientId: form.clientId },
      )
    : null;
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        {ORDER.map((key) => (
          <Field
            key={key}
            label={SETUP_FIELDS[key].label}
            value={form[key]}
            onChange={(value) => setForm({ ...form, [key]: value })}
            error={errors[key]}
            disabled={Boolean(disabledReason)}
          />
        ))}
      </div>
      {commands && (
        <div className="space-y-2">
          <p className="text-sm text-slate-600">
            This changes what Databricks checks Deltaport&apos;s token against. Run these commands with an
            account profile first; saving runs Verify connection with the new values, and refuses if it fails.
          </p>
          <CodeBlock title="Federation policy change (Databricks CLI)" code={commands} />
        </div>
      )}
      <ConfirmButton
        label="Save credential and target"
        placement="form"
        disabled={!parsed.success}
        disabledReason={disabledReason}
        action={() => save(form)}
        onResult={setResult}
      />
    </div>
  );
}
