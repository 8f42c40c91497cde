"use client";

import type { Dispatch } from "react";
import type { FieldErrors } from "@/lib/actions/action-result";
import { ConnectionChecklist } from "@/components/destinations/connection-checklist";
import { Field } from "@/components/destinations/field";
import { SETUP_FIELDS, type SetupField } from "@/components/destinations/setup-fields";
import { defaultMergedIdsTable } from "@/lib/exports/merged-ids-table";
import { SetupSnippets, type PolicyContext } from "@/components/destinations/setup-snippets";
import {
  mergedIdsTableOf,
  visibleError,
  type WizardAction,
  type WizardState,
} from "@/components/destinations/wizard-state";
import { Button } from "@/components/ui/button";
import { CardSection } from "@/components/ui/card";

type Props = {
  state: WizardState;
  /** Every field's error, shown or not yet. */
  errors: FieldErrors;
  context: PolicyContext;
  pending: boolean;
  dispatch: Dispatch<WizardAction>;
  onVerify: () => void;
  onFinish: () => void;
};

const GROUPS: { id: string; title: string; intro: React.ReactNode; fields: SetupField[] }[] = [
  {
    id: "credential",
    title: "Credential (OAuth WIF)",
    intro: (
      <>
        In Databricks: Settings → Identity and access → Service principals → your service principal. Copy its
        numeric ID and its application_id. <strong>Don&apos;t generate an OAuth secret</strong>: Deltaport
        never holds one.
      </>
    ),
    fields: ["workspaceHost", "servicePrincipalId", "clientId"],
  },
  {
    id: "target",
    title: "Unity Catalog target",
    intro:
      "The table is created on the first run if it does not exist. The warehouse ID is in SQL Warehouses → your warehouse → View JSON (or its URL).",
    fields: ["catalog", "schema", "table", "warehouseId"],
  },
];

/** Step 2: the credential and target, the command and grants to run in Databricks, Verify and Finish. */
export function SetUpStep({ state, errors, context, pending, dispatch, onVerify, onFinish }: Props) {
  return (
    <section aria-labelledby="set-up" className="space-y-6">
      <h2 id="set-up" className="text-lg font-semibold">
        Set up
      </h2>
      <div className="grid gap-6 lg:grid-cols-2">
        <div className="space-y-6">
          {GROUPS.map((group) => (
            <CardSection key={group.id} id={group.id} title={group.title} className="space-y-3">
              <p className="text-sm text-slate-600">{group.intro}</p>
              {group.fields.map((field) => (
                <Field
                  key={field}
                  {...SETUP_FIELDS[field]}
                  value={state.fields[field]}
                  onChange={(value) => dispatch({ type: "setField", field, value })}
                  error={visibleError(state, errors, field)}
                />
              ))}
              {group.id === "target" && state.exportMergedIds && (
                <Field
                  label="Merged IDs table name"
                  placeholder={defaultMergedIdsTable(state.fields.table.trim() || "<table>")}
                  hint="Beside the events table, in the same schema; created on the first run."
                  value={state.mergedIdsTable}
                  onChange={(value) => dispatch({ type: "setMergedIdsTable", value })}
                  error={state.showAllErrors || state.mergedIdsTable ? errors.mergedIdsTable : undefined}
                />
              )}
            </CardSection>
          ))}
        </div>
        <SetupSnippets
          context={context}
          fields={state.fields}
          mergedIdsTable={mergedIdsTableOf(state)}
          exportDataConfig={state.exportDataConfig}
          errors={errors}
          inlineJwks={state.inlineJwks}
          onInlineJwks={(inlineJwks) => dispatch({ type: "setInlineJwks", inlineJwks })}
        />
      </div>
      {state.checks && <ConnectionChecklist checks={state.checks} />}
      {state.message && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {state.message}
        </p>
      )}
      <div className="flex flex-wrap justify-between gap-2">
        <Button onClick={() => dispatch({ type: "goTo", step: "get-started" })}>Back</Button>
        <div className="flex gap-2">
          <Button onClick={onVerify} disabled={pending}>
            {pending ? "Working…" : "Verify connection"}
          </Button>
          <Button variant="primary" onClick={onFinish} disabled={pending}>
            Finish
          </Button>
        </div>
      </div>
    </section>
  );
}
