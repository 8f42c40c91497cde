"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/action-result";

type Props = {
  label: string;
  action: () => Promise<ActionResult>;
  /** Why the caller's role may not use it: the button is disabled and the reason shown. */
  disabledReason?: string;
  confirm?: string;
  danger?: boolean;
};

/** A button that runs a server action, optionally after a confirmation, and says what happened. */
export function ActionButton({ label, action, disabledReason, confirm, danger }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<ActionResult>();
  const [pending, startTransition] = useTransition();
  const run = () =>
    startTransition(async () => {
      setResult(await action());
      setConfirming(false);
    });
  const style = danger
    ? "border-red-300 text-red-700 hover:bg-red-50"
    : "border-slate-300 text-slate-700 hover:bg-slate-50";
  return (
    <div className="space-y-1">
      <button
        type="button"
        disabled={Boolean(disabledReason) || pending}
        title={disabledReason}
        onClick={() => (confirm ? setConfirming(true) : run())}
        className={`rounded-md border bg-white px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50 ${style}`}
      >
        {pending ? "Working…" : label}
      </button>
      {confirming && (
        <div
          role="alertdialog"
          aria-label={`Confirm: ${label}`}
          className="max-w-sm rounded-lg border border-red-200 bg-red-50 p-3 text-sm"
        >
          <p className="text-red-800">{confirm}</p>
          <div className="mt-2 flex gap-2">
            <button
              type="button"
              onClick={run}
              className="rounded-md bg-red-600 px-3 py-1.5 font-medium text-white hover:bg-red-700"
            >
              Yes, {label.toLowerCase()}
            </button>
            <button
              type="button"
              onClick={() => setConfirming(false)}
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium"
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      {result && (
        <p role="status" className={`text-xs ${result.ok ? "text-green-700" : "text-red-700"}`}>
          {result.message}
        </p>
      )}
    </div>
  );
}
