"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/action-result";
import { CopyButton } from "@/components/copy-button";
import { Field } from "@/components/destinations/field";
import { Button } from "@/components/ui/button";
import { PermissionNote } from "@/components/ui/permission-note";

type Props = {
  add: (input: { url: string }) => Promise<ActionResult<{ secret: string }>>;
  disabledReason?: string;
};

/** Add webhook: its URL; shows the signing secret, once, to copy. */
export function WebhookForm({ add, disabledReason }: Props) {
  const [url, setUrl] = useState("");
  const [result, setResult] = useState<ActionResult<{ secret: string }>>();
  const [pending, startTransition] = useTransition();
  const secret = result?.ok ? result.data?.secret : undefined;
  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const outcome = await add({ url });
          setResult(outcome);
          if (outcome.ok) setUrl("");
        });
      }}
    >
      <Field
        label="Webhook URL"
        placeholder="https://hooks.slack.com/services/…"
        value={url}
        onChange={setUrl}
        error={result && !result.ok ? result.fieldErrors?.url : undefined}
        disabled={Boolean(disabledReason)}
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" disabled={pending || Boolean(disabledReason)}>
          {pending ? "Adding…" : "Add webhook"}
        </Button>
        {disabledReason && <PermissionNote>{disabledReason}</PermissionNote>}
        {result && (result.ok || !result.fieldErrors) && (
          <p role="status" className={`text-sm ${result.ok ? "text-slate-700" : "text-red-700"}`}>
            {result.message}
          </p>
        )}
      </div>
      {secret && (
        <div className="flex items-center gap-2">
          <label className="flex-1 text-sm">
            <span className="block font-medium text-slate-700">Signing secret</span>
            <input
              readOnly
              value={secret}
              className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-xs"
            />
          </label>
          <CopyButton text={secret} label="Copy secret" />
        </div>
      )}
    </form>
  );
}
