"use client";

import { CONTROL_CLASS, LabelledControl } from "@/components/ui/labelled-control";

type Props<Value extends string> = {
  label: string;
  value: Value;
  options: readonly { value: Value; label: string }[];
  onChange: (value: Value) => void;
  disabled?: boolean;
  error?: string;
};

/** A labelled select whose error is linked by aria-describedby. */
export function SelectField<Value extends string>({
  label,
  value,
  options,
  onChange,
  disabled,
  error,
}: Props<Value>) {
  return (
    <LabelledControl label={label} error={error}>
      {(control) => (
        <select
          {...control}
          value={value}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value as Value)}
          className={`${CONTROL_CLASS} bg-white`}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </LabelledControl>
  );
}
