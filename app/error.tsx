"use client";

import { ErrorNotice } from "@/components/error-notice";

// `retry` rather than `reset`: it fetches the page from the server again, so an error a server
// component threw (the usual kind here) can go away; `reset` would re-render what failed.
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorNotice error={error} retry={retry} />;
}
