"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/project-action";

type Props = { regenerate: () => Promise<ActionResult>; disabledReason?: string };

/** Regenerate the API key, after a confirmation that says what breaks. */
export function RegenerateApiKey({ regenerate, disabledReason }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<ActionResult>();
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-2">
      {!confirming ? (
        <button
          type="button"
          disabled={Boolean(disabledReason)}
          onClick={() => setConfirming(true)}
          className="rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 disabled:cursor-not-allowed disabled:opacity-50"
        >
          Regenerate API key
        </button>
      ) : (
        <div role="alertdialog" aria-labelledby="regenerate-title" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm">
          <p id="regenerate-title" className="font-medium text-red-800">
            The current key stops working at once. SDKs sending with it get &quot;Invalid API key&quot;.
          </p>
          <div className="mt-2 flex gap-2">
            <button
              type="button"
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  setResult(await regenerate());
                  setConfirming(false);
                })
              }
              className="rounded-md bg-red-600 px-3 py-1.5 font-medium text-white hover:bg-red-700 disabled:opacity-60"
            >
              {pending ? "Regenerating…" : "Regenerate now"}
            </button>
            <button type="button" onClick={() => setConfirming(false)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium">
              Cancel
            </button>
          </div>
        </div>
      )}
      {result && (
        <p role="status" className={`text-sm ${result.ok ? "text-green-700" : "text-red-700"}`}>
          {result.message}
        </p>
      )}
    </div>
  );
}
