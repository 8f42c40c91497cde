"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/actions/action-result";
import { CONFIG_TABLE_KEYS, configTableName } from "@/lib/exports/config-tables";
import { transformedViewName } from "@/lib/exports/config-views";
import { formatTime } from "@/lib/format";
import { CardSection } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";

type Props = {
  target: { catalog: string; schema: string; table: string };
  exportDataConfig: boolean;
  /** The last snapshot delivered, if any. */
  lastSnapshot: { at: Date; version: number } | null;
  save: (input: unknown) => Promise<ActionResult>;
  disabledReason?: string;
};

/**
 * The data-configuration export: where the snapshots and views go, when the last snapshot was
 * delivered, and (admins) turning it on or off.
 */
export function DataConfigSection({ target, exportDataConfig, lastSnapshot, save, disabledReason }: Props) {
  const [on, setOn] = useState(exportDataConfig);
  const qualified = (name: string) => `${target.catalog}.${target.schema}.${name}`;
  return (
    <CardSection id="data-config-heading" title="Data configuration">
      <p className="mt-1 text-sm text-slate-600">
        {exportDataConfig
          ? lastSnapshot
            ? `Exported. The last snapshot (configuration version ${lastSnapshot.version}) was delivered at ${formatTime(lastSnapshot.at)}; the next comes with the first run after a change, or a day later.`
            : "Exported. The next run delivers the first snapshot and creates the views."
          : "Not exported. Turned on, runs also deliver the project's event catalog, transformations and custom events, with views that apply them."}
      </p>
      {exportDataConfig && (
        <ul className="mt-3 list-disc space-y-1 pl-5 font-mono text-xs text-slate-700">
          {CONFIG_TABLE_KEYS.map((key) => (
            <li key={key}>{qualified(configTableName(target.table, key))}</li>
          ))}
          <li>{qualified(transformedViewName(target.table))} (view)</li>
          <li>{qualified(`${target.table}_custom_<name>`)} (a view per custom event)</li>
        </ul>
      )}
      <fieldset disabled={Boolean(disabledReason)} className="mt-4 space-y-3">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={on} onChange={(event) => setOn(event.target.checked)} /> Export data
          configuration
        </label>
        <ConfirmButton
          label="Save data configuration export"
          placement="form"
          disabledReason={disabledReason}
          action={() => save({ exportDataConfig: on })}
        />
      </fieldset>
    </CardSection>
  );
}
