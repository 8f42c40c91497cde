"use client";

import { useState } from "react";
import { fieldErrorsOf, type ActionResult } from "@/lib/actions/action-result";
import { ScheduleInput } from "@/lib/destinations/destination-input";
import { describeFilter, EventFilter, withCustomEventName } from "@/lib/exports/event-filter";
import { FrequencySelect } from "@/components/destinations/frequency-select";
import { FilterBuilder, type CustomEventOption } from "@/components/destinations/filter-builder";
import { draftToFilter, filterToDraft } from "@/components/destinations/filter-draft";
import { ConfirmButton } from "@/components/ui/confirm-button";

type Props = {
  frequencyMinutes: number;
  filter: EventFilter;
  save: (input: unknown) => Promise<ActionResult>;
  disabledReason?: string;
  /** The project's live custom events, which the filter may select. */
  customEvents: readonly CustomEventOption[];
};

/** Edit filter and frequency (admins and managers); applies from the next run. */
export function ScheduleEditor({ frequencyMinutes, filter, save, disabledReason, customEvents }: Props) {
  const [frequency, setFrequency] = useState(frequencyMinutes);
  const [draft, setDraft] = useState(filterToDraft(filter));
  const parsed = ScheduleInput.safeParse({ frequencyMinutes: frequency, filter: draftToFilter(draft) });
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  return (
    <fieldset disabled={Boolean(disabledReason)} className="space-y-4">
      <FrequencySelect id="edit-frequency" value={frequency} onChange={setFrequency} />
      <FilterBuilder
        draft={draft}
        onChange={setDraft}
        errors={errors}
        sentence={
          parsed.success
            ? describeFilter(withCustomEventName(EventFilter.parse(parsed.data.filter), customEvents))
            : null
        }
        customEvents={customEvents}
      />
      <ConfirmButton
        label="Save filter and frequency"
        placement="form"
        disabled={!parsed.success}
        disabledReason={disabledReason}
        action={() => save(parsed.data)}
      />
    </fieldset>
  );
}
