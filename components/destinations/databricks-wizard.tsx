"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/actions/action-result";
import type { ConnectionCheck } from "@/lib/destinations/verify-connection";
import { checkWorkspaceHost } from "@/lib/databricks/workspace-host";
import { federationPolicyCommand, grantsSql } from "@/lib/destinations/databricks-snippets";
import {
  DEFAULT_FREQUENCY_MINUTES,
  destinationInputSchema,
  fieldErrorsOf,
  ScheduleInput,
} from "@/lib/destinations/destination-input";
import { describeFilter, EventFilter } from "@/lib/exports/event-filter";
import { CodeBlock } from "@/components/code-block";
import { Field } from "@/components/destinations/field";
import { FrequencySelect } from "@/components/destinations/frequency-select";
import {
  draftToFilter,
  EMPTY_DRAFT,
  FilterBuilder,
  type DraftFilter,
} from "@/components/destinations/filter-builder";
import { ConnectionChecklist } from "@/components/destinations/connection-checklist";

type Props = {
  destinationId: string;
  projectId: string;
  issuer: string;
  allowedHosts: string[];
  jwks: { keys: object[] };
  /** The Destinations tab's URL; a destination's page is below it. */
  destinationsUrl: string;
  create: (input: unknown) => Promise<ActionResult<{ destinationId: string }>>;
  verify: (input: unknown) => Promise<ActionResult<{ checks: ConnectionCheck[] }>>;
};

type SetupField =
  | "workspaceHost"
  | "servicePrincipalId"
  | "clientId"
  | "catalog"
  | "schema"
  | "table"
  | "warehouseId";

/** The two-step Databricks wizard: "Get started" (schedule, filter) and "Set up" (credential, target). */
export function DatabricksWizard({
  destinationId,
  projectId,
  issuer,
  allowedHosts,
  jwks,
  destinationsUrl,
  create,
  verify,
}: Props) {
  const router = useRouter();
  const [step, setStep] = useState<1 | 2>(1);
  const [frequencyMinutes, setFrequency] = useState(DEFAULT_FREQUENCY_MINUTES);
  const [draft, setDraft] = useState<DraftFilter>(EMPTY_DRAFT);
  const [fields, setFields] = useState<Record<SetupField, string>>({
    workspaceHost: "",
    servicePrincipalId: "",
    clientId: "",
    catalog: "",
    schema: "",
    table: "",
    warehouseId: "",
  });
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [showAllErrors, setShowAllErrors] = useState(false);
  const [inlineJwks, setInlineJwks] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const [checks, setChecks] = useState<ConnectionCheck[]>();
  const [pending, startTransition] = useTransition();

  const schedule = ScheduleInput.safeParse({ frequencyMinutes, filter: draftToFilter(draft) });
  const scheduleErrors = schedule.success ? {} : fieldErrorsOf(schedule.error);
  const filterSentence = schedule.success ? describeFilter(EventFilter.parse(schedule.data.filter)) : null;

  const input = {
    frequencyMinutes,
    filter: draftToFilter(draft),
    ...fields,
    policyVariant: inlineJwks ? "INLINE_JWKS" : "DISCOVERY",
  };
  const parsed = destinationInputSchema(allowedHosts).safeParse(input);
  const errors = { ...(parsed.success ? {} : fieldErrorsOf(parsed.error)), ...serverErrors };
  const errorFor = (field: SetupField) => (showAllErrors || touched.has(field) ? errors[field] : undefined);
  const set = (field: SetupField) => (value: string) => {
    setFields((current) => ({ ...current, [field]: value }));
    setTouched((current) => new Set(current).add(field));
    setServerErrors(({ [field]: _, ...rest }) => rest);
    setMessage(undefined);
  };

  const host = checkWorkspaceHost(fields.workspaceHost, allowedHosts);
  const command = federationPolicyCommand({
    issuer,
    projectId,
    destinationId,
    workspaceOrigin: host.ok ? host.value.origin : undefined,
    servicePrincipalId: fields.servicePrincipalId.trim(),
    inlineJwks: inlineJwks ? jwks : undefined,
  });
  const valid = (field: SetupField) => !errors[field] && fields[field].trim() !== "";
  const grants = grantsSql({
    applicationId: valid("clientId") ? fields.clientId.trim() : undefined,
    catalog: valid("catalog") ? fields.catalog.trim() : undefined,
    schema: valid("schema") ? fields.schema.trim() : undefined,
    table: valid("table") ? fields.table.trim() : undefined,
  });

  const finish = () => {
    setShowAllErrors(true);
    setMessage(undefined);
    if (!parsed.success) {
      setMessage("Some fields need attention.");
      return;
    }
    startTransition(async () => {
      const result = await create({ ...parsed.data, destinationId });
      if (result.ok && result.data) {
        router.push(`${destinationsUrl}/${result.data.destinationId}`);
        return;
      }
      if (!result.ok) {
        setServerErrors(result.fieldErrors ?? {});
        setMessage(result.message);
      }
    });
  };

  const runVerify = () => {
    setShowAllErrors(true);
    setChecks(undefined);
    startTransition(async () => {
      const result = await verify({ ...input, destinationId });
      if (result.ok && result.data) setChecks(result.data.checks);
      else if (!result.ok) {
        setServerErrors(result.fieldErrors ?? {});
        setMessage(result.message);
      }
    });
  };

  return (
    <div>
      <ol aria-label="Steps" className="mb-6 flex gap-2 text-sm">
        {["Get started", "Set up"].map((label, index) => (
          <li
            key={label}
            aria-current={step === index + 1 ? "step" : undefined}
            className={`rounded-full px-3 py-1 ${step === index + 1 ? "bg-brand-600 text-white" : "bg-slate-200 text-slate-600"}`}
          >
            {index + 1}. {label}
          </li>
        ))}
      </ol>

      {step === 1 ? (
        <section
          aria-labelledby="get-started"
          className="max-w-3xl space-y-6 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
        >
          <h2 id="get-started" className="text-lg font-semibold">
            Get started
          </h2>
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">Export mode</legend>
            <label className="mt-2 flex items-center gap-2 text-sm">
              <input type="radio" name="mode" defaultChecked /> Export events ingested today and moving
              forward
            </label>
            <label className="mt-1 flex items-center gap-2 text-sm text-slate-400">
              <input type="radio" name="mode" disabled /> Historical backfill (coming soon)
            </label>
          </fieldset>
          <FrequencySelect id="frequency" value={frequencyMinutes} onChange={setFrequency} />
          <FilterBuilder
            draft={draft}
            onChange={setDraft}
            errors={scheduleErrors}
            sentence={filterSentence}
          />
          <div className="flex justify-end">
            <button
              type="button"
              disabled={!schedule.success}
              onClick={() => setStep(2)}
              className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-50"
            >
              Next
            </button>
          </div>
        </section>
      ) : (
        <section aria-labelledby="set-up" className="space-y-6">
          <h2 id="set-up" className="text-lg font-semibold">
            Set up
          </h2>
          <div className="grid gap-6 lg:grid-cols-2">
            <div className="space-y-6">
              <section
                aria-labelledby="credential"
                className="space-y-3 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
              >
                <h3 id="credential" className="font-semibold">
                  Credential (OAuth WIF)
                </h3>
                <p className="text-sm text-slate-600">
                  In Databricks: Settings → Identity and access → Service principals → your service principal.
                  Copy its numeric ID and its application_id.{" "}
                  <strong>Don&apos;t generate an OAuth secret</strong>: Deltaport never holds one.
                </p>
                <Field
                  label="Workspace host"
                  value={fields.workspaceHost}
                  onChange={set("workspaceHost")}
                  error={errorFor("workspaceHost")}
                  placeholder="https://dbc-xxxx.cloud.databricks.com"
                />
                <Field
                  label="Service Principal ID (numeric)"
                  value={fields.servicePrincipalId}
                  onChange={set("servicePrincipalId")}
                  error={errorFor("servicePrincipalId")}
                  inputMode="numeric"
                  hint="Only fills the command on the right; Deltaport does not store it."
                />
                <Field
                  label="Service Principal application_id (clientId)"
                  value={fields.clientId}
                  onChange={set("clientId")}
                  error={errorFor("clientId")}
                  placeholder="6f2c1b7e-…"
                />
              </section>
              <section
                aria-labelledby="target"
                className="space-y-3 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
              >
                <h3 id="target" className="font-semibold">
                  Unity Catalog target
                </h3>
                <p className="text-sm text-slate-600">
                  The table is created on the first run if it does not exist. The warehouse ID is in SQL
                  Warehouses → your warehouse → View JSON (or its URL).
                </p>
                <Field
                  label="Catalog"
                  value={fields.catalog}
                  onChange={set("catalog")}
                  error={errorFor("catalog")}
                />
                <Field
                  label="Schema"
                  value={fields.schema}
                  onChange={set("schema")}
                  error={errorFor("schema")}
                />
                <Field
                  label="Table name"
                  value={fields.table}
                  onChange={set("table")}
                  error={errorFor("table")}
                />
                <Field
                  label="SQL warehouse ID"
                  value={fields.warehouseId}
                  onChange={set("warehouseId")}
                  error={errorFor("warehouseId")}
                  placeholder="16 hex characters"
                />
              </section>
            </div>
            <div className="min-w-0 space-y-4">
              <CodeBlock
                title="Federation Policy command (Databricks CLI)"
                code={command}
                copyLabel="Copy command"
              />
              <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600">
                <li>
                  Run it with a Databricks CLI profile for your <strong>account</strong>: a workspace profile
                  gets 401.
                </li>
                <li>
                  One service principal holds at most 20 federation policies, so it can serve at most 20
                  destinations.
                </li>
              </ul>
              <label className="flex items-start gap-2 text-sm text-slate-700">
                <input
                  type="checkbox"
                  checked={inlineJwks}
                  onChange={(e) => setInlineJwks(e.target.checked)}
                  className="mt-1"
                />
                <span>
                  Put Deltaport&apos;s public keys in the policy (for issuers Databricks cannot reach). You
                  will have to update the policy when Deltaport rotates its keys.
                </span>
              </label>
              <CodeBlock title="Unity Catalog grants (SQL editor)" code={grants} copyLabel="Copy SQL" />
              <p className="text-sm text-slate-600">
                Then grant the service principal <strong>CAN USE</strong> in SQL Warehouses → your warehouse →
                Permissions: warehouse permissions are not grantable through SQL.
              </p>
            </div>
          </div>
          {checks && <ConnectionChecklist checks={checks} />}
          {message && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
              {message}
            </p>
          )}
          <div className="flex flex-wrap justify-between gap-2">
            <button
              type="button"
              onClick={() => setStep(1)}
              className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50"
            >
              Back
            </button>
            <div className="flex gap-2">
              <button
                type="button"
                onClick={runVerify}
                disabled={pending}
                className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-50"
              >
                {pending ? "Working…" : "Verify connection"}
              </button>
              <button
                type="button"
                onClick={finish}
                disabled={pending}
                className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-50"
              >
                Finish
              </button>
            </div>
          </div>
        </section>
      )}
    </div>
  );
}
