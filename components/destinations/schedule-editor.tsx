"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/project-action";
import { fieldErrorsOf, ScheduleInput } from "@/lib/destinations/destination-input";
import { describeFilter, EventFilter } from "@/lib/destinations/event-filter";
import { FrequencySelect } from "@/components/destinations/frequency-select";
import { draftToFilter, FilterBuilder, filterToDraft } from "@/components/destinations/filter-builder";
import { PermissionNote } from "@/components/permission-note";

type Props = { frequencyMinutes: number; filter: EventFilter; save: (input: unknown) => Promise<ActionResult>; disabledReason?: string };

/** Edit filter and frequency (admins and managers); applies from the next run. */
export function ScheduleEditor({ frequencyMinutes, filter, save, disabledReason }: Props) {
  const [frequency, setFrequency] = useState(frequencyMinutes);
  const [draft, setDraft] = useState(filterToDraft(filter));
  const [result, setResult] = useState<ActionResult>();
  const [pending, startTransition] = useTransition();
  const parsed = ScheduleInput.safeParse({ frequencyMinutes: frequency, filter: draftToFilter(draft) });
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  return (
    <fieldset disabled={Boolean(disabledReason)} className="space-y-4">
      <FrequencySelect id="edit-frequency" value={frequency} onChange={setFrequency} />
      <FilterBuilder draft={draft} onChange={setDraft} errors={errors} sentence={parsed.success ? describeFilter(EventFilter.parse(parsed.data.filter)) : null} />
      <div className="flex items-center gap-3">
        <button
          type="button"
          disabled={!parsed.success || pending}
          onClick={() => startTransition(async () => setResult(await save(parsed.data)))}
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-50"
        >
          Save filter and frequency
        </button>
        {result && (
          <p role="status" className={`text-sm ${result.ok ? "text-green-700" : "text-red-700"}`}>
            {result.message}
          </p>
        )}
      </div>
      {disabledReason && <PermissionNote>{disabledReason}</PermissionNote>}
    </fieldset>
  );
}
