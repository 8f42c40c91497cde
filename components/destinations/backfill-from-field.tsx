/** The **Backfill from** day (YYYY-MM-DD), at most the day before the destination's time floor. */
export function BackfillFromField({
  value,
  max,
  onChange,
}: {
  value: string;
  max: string;
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
        max={max}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
