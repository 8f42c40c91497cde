"use client";

import { useId, type ReactNode } from "react";

/** The classes every text-like control shares (input, select, textarea). */
export const CONTROL_CLASS =
  "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-100 focus:outline-none disabled:bg-slate-100 aria-[invalid=true]:border-red-500";

export type ControlProps = { id: string; "aria-invalid"?: "true"; "aria-describedby"?: string };

type Props = {
  label: string;
  error?: string;
  hint?: ReactNode;
  /** The control, given its id and the attributes that link it to the error or hint. */
  children: (control: ControlProps) => ReactNode;
};

/** A label, a control, and the control's error (or else its hint) linked by aria-describedby. */
export function LabelledControl({ label, error, hint, children }: Props) {
  const id = useId();
  const described = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children({ id, "aria-invalid": error ? "true" : undefined, "aria-describedby": described })}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-700">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
