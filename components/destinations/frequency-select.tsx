"use client";

import { FREQUENCIES } from "@/lib/destinations/destination-input";

/** The frequency picker: 15 minutes to 24 hours. */
export function FrequencySelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: number;
  onChange: (minutes: number) => void;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        Frequency
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(Number(e.target.value))}
        className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
      >
        {FREQUENCIES.map((f) => (
          <option key={f.minutes} value={f.minutes}>
            {f.label}
          </option>
        ))}
      </select>
    </div>
  );
}
