"use client";

import { CONTROL_CLASS, LabelledControl } from "@/components/ui/labelled-control";

type Props = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: React.ReactNode;
  placeholder?: string;
  inputMode?: "numeric" | "text";
  disabled?: boolean;
  /** "email" and "password" fields get their type, and what browsers may fill in. */
  type?: "text" | "email" | "password";
  autoComplete?: string;
};

/** A labelled text input whose error is linked by aria-describedby and marks it aria-invalid. */
export function Field({
  label,
  value,
  onChange,
  error,
  hint,
  placeholder,
  inputMode,
  disabled,
  type = "text",
  autoComplete = "off",
}: Props) {
  return (
    <LabelledControl label={label} error={error} hint={hint}>
      {(control) => (
        <input
          {...control}
          type={type}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          inputMode={inputMode}
          placeholder={placeholder}
          disabled={disabled}
          autoComplete={autoComplete}
          spellCheck={false}
          className={`${CONTROL_CLASS} font-mono`}
        />
      )}
    </LabelledControl>
  );
}
