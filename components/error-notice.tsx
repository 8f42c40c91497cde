"use client";

import { Button } from "@/components/ui/button";
import { MessagePage } from "@/components/ui/message-page";

/** The digest Next gives an error thrown on the server: it finds the error in the server's log. */
function referenceOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("digest" in error)) return undefined;
  return typeof error.digest === "string" ? error.digest : undefined;
}

type Props = {
  /** What was thrown; only its digest is shown, never its message or stack. */
  error: unknown;
  /** Fetches and renders the page again. */
  retry: () => void;
};

/** What an error boundary shows: a generic sentence, the reference to quote, and Try again. */
export function ErrorNotice({ error, retry }: Props) {
  const reference = referenceOf(error);
  return (
    <MessagePage title="Something went wrong">
      <p className="mt-2 text-slate-600">
        This page could not be shown. Try again; if it keeps failing, tell your administrator
        {reference ? " the reference below" : " what you were doing"}.
      </p>
      {reference && (
        <p className="mt-4 text-sm text-slate-500">
          Reference: <code className="font-mono text-slate-700 select-all">{reference}</code>
        </p>
      )}
      <Button variant="primary" onClick={retry} className="mt-6">
        Try again
      </Button>
    </MessagePage>
  );
}
