"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/actions/action-result";
import { credentialInputSchema, fieldErrorsOf } from "@/lib/destinations/destination-input";
import { Field } from "@/components/destinations/field";
import { SaveButton } from "@/components/destinations/save-button";
import { PermissionNote } from "@/components/permission-note";

type Values = {
  workspaceHost: string;
  clientId: string;
  warehouseId: string;
  catalog: string;
  schema: string;
  table: string;
};
type Props = {
  values: Values;
  allowedHosts: string[];
  save: (input: unknown) => Promise<ActionResult>;
  disabledReason?: string;
};

const LABELS: [keyof Values, string][] = [
  ["workspaceHost", "Workspace host"],
  ["clientId", "Service Principal application_id (clientId)"],
  ["catalog", "Catalog"],
  ["schema", "Schema"],
  ["table", "Table name"],
  ["warehouseId", "SQL warehouse ID"],
];

/** Edit the workspace, credential and target of an existing destination (admins only). */
export function CredentialsEditor({ values, allowedHosts, save, disabledReason }: Props) {
  const [form, setForm] = useState(values);
  const [result, setResult] = useState<ActionResult>();
  const parsed = credentialInputSchema(allowedHosts).safeParse(form);
  const errors = {
    ...(parsed.success ? {} : fieldErrorsOf(parsed.error)),
    ...(result && !result.ok ? result.fieldErrors : {}),
  };
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        {LABELS.map(([key, label]) => (
          <Field
            key={key}
            label={label}
            value={form[key]}
            onChange={(value) => setForm({ ...form, [key]: value })}
            error={errors[key]}
            disabled={Boolean(disabledReason)}
          />
        ))}
      </div>
      <SaveButton
        label="Save credential and target"
        disabled={Boolean(disabledReason) || !parsed.success}
        save={() => save(form)}
        onResult={setResult}
      />
      {disabledReason && <PermissionNote>{disabledReason}</PermissionNote>}
    </div>
  );
}
