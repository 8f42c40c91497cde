"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/action-result";

type Props = {
  label: string;
  disabled: boolean;
  save: () => Promise<ActionResult>;
  onResult?: (result: ActionResult) => void;
};

/** Saves through a server action and says how it went. */
export function SaveButton({ label, disabled, save, onResult }: Props) {
  const [result, setResult] = useState<ActionResult>();
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex items-center gap-3">
      <button
        type="button"
        disabled={disabled || pending}
        onClick={() =>
          startTransition(async () => {
            const outcome = await save();
            setResult(outcome);
            onResult?.(outcome);
          })
        }
        className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-50"
      >
        {label}
      </button>
      {result && (
        <p role="status" className={`text-sm ${result.ok ? "text-green-700" : "text-red-700"}`}>
          {result.message}
        </p>
      )}
    </div>
  );
}
