import { env } from "@/lib/env";

/** Whether Inngest runs the jobs (Inngest Cloud's event key, or a dev server); else the local runner does. */
export function inngestConfigured(): boolean {
  const { INNGEST_EVENT_KEY, INNGEST_DEV } = env();
  return Boolean(INNGEST_EVENT_KEY || INNGEST_DEV);
}
