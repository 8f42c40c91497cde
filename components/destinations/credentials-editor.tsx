"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/project-action";
import { credentialInputSchema, fieldErrorsOf } from "@/lib/destinations/destination-input";
import { Field } from "@/components/destinations/field";
import { PermissionNote } from "@/components/permission-note";

type Values = { workspaceHost: string; clientId: string; warehouseId: string; catalog: string; schema: string; table: string };
type Props = { values: Values; allowedHosts: string[]; save: (input: unknown) => Promise<ActionResult>; disabledReason?: string };

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
  const [pending, startTransition] = useTransition();
  const parsed = credentialInputSchema(allowedHosts).safeParse(form);
  const errors = { ...(parsed.success ? {} : fieldErrorsOf(parsed.error)), ...(result && !result.ok ? result.fieldErrors : {}) };
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        {LABELS.map(([key, label]) => (
          <Field key={key} label={label} value={form[key]} onChange={(value) => setForm({ ...form, [key]: value })} error={errors[key]} disabled={Boolean(disabledReason)} />
        ))}
      </div>
      <div className="flex items-center gap-3">
        <button
          type="button"
          disabled={Boolean(disabledReason) || !parsed.success || pending}
          onClick={() => startTransition(async () => setResult(await save(form)))}
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-50"
        >
          Save credential and target
        </button>
        {result && (
          <p role="status" className={`text-sm ${result.ok ? "text-green-700" : "text-red-700"}`}>
            {result.message}
          </p>
        )}
      </div>
      {disabledReason && <PermissionNote>{disabledReason}</PermissionNote>}
    </div>
  );
}
