"use client";

import type { Dispatch } from "react";
import { fieldErrorsOf } from "@/lib/actions/action-result";
import { ScheduleInput } from "@/lib/destinations/destination-input";
import { describeFilter, EventFilter, withCustomEventName } from "@/lib/exports/event-filter";
import { BackfillFromField } from "@/components/destinations/backfill-from-field";
import { FilterBuilder, type CustomEventOption } from "@/components/destinations/filter-builder";
import { draftToFilter, type DraftFilter } from "@/components/destinations/filter-draft";
import { FrequencySelect } from "@/components/destinations/frequency-select";
import type { WizardAction } from "@/components/destinations/wizard-state";
import type { RetentionFacts } from "@/lib/events/retention";
import { Button } from "@/components/ui/button";
import { CardSection } from "@/components/ui/card";

type Props = {
  frequencyMinutes: number;
  draft: DraftFilter;
  backfillFrom: string | null;
  exportMergedIds: boolean;
  exportDataConfig: boolean;
  dispatch: Dispatch<WizardAction>;
  /** The project's live custom events, which the filter may select. */
  customEvents: readonly CustomEventOption[];
  retention: RetentionFacts;
};

/** A day, as a date input holds it, `days` before today (UTC). */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** Step 1: export mode, frequency and the optional event filter, said back as a sentence. */
export function GetStartedStep({
  frequencyMinutes,
  draft,
  backfillFrom,
  exportMergedIds,
  exportDataConfig,
  dispatch,
  customEvents,
  retention,
}: Props) {
  const schedule = ScheduleInput.safeParse({ frequencyMinutes, filter: draftToFilter(draft) });
  return (
    <CardSection
      id="get-started"
      title="Get started"
      level={2}
      titleClassName="text-lg"
      className="max-w-3xl space-y-6"
    >
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Export mode</legend>
        <label className="mt-2 flex items-center gap-2 text-sm">
          <input type="radio" name="mode" defaultChecked /> Export events ingested today and moving forward
        </label>
        <label className="mt-1 flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={backfillFrom !== null}
            onChange={(event) =>
              dispatch({ type: "setBackfillFrom", day: event.target.checked ? daysAgo(30) : null })
            }
          />{" "}
          Historical backfill: also deliver the events uploaded before today
        </label>
        {backfillFrom !== null && (
          <div className="mt-2 ml-6 text-sm">
            <BackfillFromField
              value={backfillFrom}
              max={daysAgo(1)}
              retention={retention}
              onChange={(day) => dispatch({ type: "setBackfillFrom", day })}
            />
            <p className="mt-1 text-slate-500">
              Events uploaded from the start of this day (UTC) to the start of today are delivered in chunks,
              beside the recurring export, which starts today: nothing is delivered twice where they meet.
            </p>
          </div>
        )}
        <label className="mt-3 flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={exportMergedIds}
            onChange={(event) => dispatch({ type: "setExportMergedIds", on: event.target.checked })}
          />{" "}
          Export all merged Amplitude IDs
        </label>
        {exportMergedIds && (
          <p className="mt-1 ml-6 text-sm text-slate-500">
            A second table receives Amplitude&apos;s user-merge ledger with each run, so that every event can
            be joined back to its user&apos;s canonical amplitude_id. You name it in the next step.
          </p>
        )}
        <label className="mt-3 flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={exportDataConfig}
            onChange={(event) => dispatch({ type: "setExportDataConfig", on: event.target.checked })}
          />{" "}
          Export data configuration
        </label>
        {exportDataConfig && (
          <p className="mt-1 ml-6 text-sm text-slate-500">
            The project&apos;s event catalog, transformations and custom events go to tables beside the events
            (<code>&lt;table&gt;_cfg_*</code>) when they change and at least daily, with views that apply
            them:
            <code> &lt;table&gt;_transformed</code> and one per custom event.
          </p>
        )}
      </fieldset>
      <FrequencySelect
        id="frequency"
        value={frequencyMinutes}
        onChange={(minutes) => dispatch({ type: "setFrequency", minutes })}
      />
      <FilterBuilder
        draft={draft}
        onChange={(next) => dispatch({ type: "setFilter", draft: next })}
        errors={schedule.success ? {} : fieldErrorsOf(schedule.error)}
        sentence={
          schedule.success
            ? describeFilter(withCustomEventName(EventFilter.parse(schedule.data.filter), customEvents))
            : null
        }
        customEvents={customEvents}
      />
      <div className="flex justify-end">
        <Button
          variant="primary"
          disabled={!schedule.success}
          onClick={() => dispatch({ type: "goTo", step: "set-up" })}
        >
          Next
        </Button>
      </div>
    </CardSection>
  );
}
