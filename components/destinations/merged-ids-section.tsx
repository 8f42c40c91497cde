"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/actions/action-result";
import { fieldErrorsOf } from "@/lib/actions/action-result";
import { MergedIdsInput } from "@/lib/destinations/destination-input";
import { canonicalEventsViewSql, defaultMergedIdsTable } from "@/lib/exports/merged-ids-table";
import { CodeBlock } from "@/components/code-block";
import { Field } from "@/components/destinations/field";
import { CardSection } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";

type Props = {
  target: { catalog: string; schema: string; table: string };
  mergedIdsTable: string | null;
  save: (input: unknown) => Promise<ActionResult>;
  disabledReason?: string;
};

/**
 * The merged-IDs export: where the merge ledger goes, the SQL of a view that joins events to
 * their canonical amplitude_id, and (admins) turning it on or off.
 */
export function MergedIdsSection({ target, mergedIdsTable, save, disabledReason }: Props) {
  const [on, setOn] = useState(mergedIdsTable !== null);
  const [name, setName] = useState(mergedIdsTable ?? defaultMergedIdsTable(target.table));
  const input = { mergedIdsTable: on ? name.trim() : null };
  const parsed = MergedIdsInput.safeParse(input);
  const sameAsEvents = on && name.trim().toLowerCase() === target.table.toLowerCase();
  const error = sameAsEvents
    ? "The merged-IDs table needs a name of its own, not the events table's"
    : parsed.success
      ? undefined
      : fieldErrorsOf(parsed.error).mergedIdsTable;
  const qualified = (table: string) => `${target.catalog}.${target.schema}.${table}`;
  return (
    <CardSection id="merged-ids-heading" title="Merged Amplitude IDs">
      <p className="mt-1 text-sm text-slate-600">
        {mergedIdsTable
          ? `Each run also delivers the user merges it covers to ${qualified(mergedIdsTable)}.`
          : "Not exported. Turned on, each run also delivers Amplitude's user-merge ledger to a table of its own."}
      </p>
      {mergedIdsTable && (
        <div className="mt-3">
          <CodeBlock
            title="A view of the events with their canonical amplitude_id (run in Databricks SQL)"
            code={canonicalEventsViewSql(target, mergedIdsTable)}
            copyLabel="Copy view SQL"
          />
        </div>
      )}
      <fieldset disabled={Boolean(disabledReason)} className="mt-4 space-y-3">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={on} onChange={(event) => setOn(event.target.checked)} /> Export all
          merged Amplitude IDs
        </label>
        {on && (
          <Field
            label="Merged IDs table name"
            hint="In the same catalog and schema as the events; created on the next run."
            value={name}
            onChange={setName}
            error={error}
          />
        )}
        <ConfirmButton
          label="Save merged IDs"
          placement="form"
          disabled={Boolean(error)}
          disabledReason={disabledReason}
          action={() => save(input)}
        />
      </fieldset>
    </CardSection>
  );
}
