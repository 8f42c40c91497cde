import type { RetentionFacts } from "@/lib/events/retention";

/**
 * The **Backfill from** day (YYYY-MM-DD): at most the day before the destination's time floor,
 * at least the first day retention kept whole, with a sentence that says so.
 */
export function BackfillFromField({
  value,
  max,
  retention,
  onChange,
}: {
  value: string;
  max: string;
  retention: RetentionFacts;
  onChange: (day: string) => void;
}) {
  return (
    <div>
      <label htmlFor="backfill-from" className="block font-medium text-slate-700">
        Backfill from
      </label>
      <input
        id="backfill-from"
        type="date"
        className="mt-1 rounded border border-slate-300 px-2 py-1"
        value={value}
        min={retention.keptSince ?? undefined}
        max={max}
        aria-describedby="backfill-retention"
        onChange={(event) => onChange(event.target.value)}
      />
      <p id="backfill-retention" className="mt-1 text-slate-500">
        Events are kept {retention.days} days after upload, and longer until every destination has delivered
        them.
        {retention.keptSince &&
          ` Older ones were removed: a backfill starts on ${retention.keptSince} at the earliest.`}
      </p>
    </div>
  );
}
