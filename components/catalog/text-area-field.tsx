"use client";

import { CONTROL_CLASS, LabelledControl } from "@/components/ui/labelled-control";

type Props = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  rows?: number;
  disabled?: boolean;
};

/** A labelled multi-line text field whose error is linked by aria-describedby, as Field's is. */
export function TextAreaField({ label, value, onChange, error, rows = 3, disabled }: Props) {
  return (
    <LabelledControl label={label} error={error}>
      {(control) => (
        <textarea
          {...control}
          value={value}
          rows={rows}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value)}
          className={CONTROL_CLASS}
        />
      )}
    </LabelledControl>
  );
}
