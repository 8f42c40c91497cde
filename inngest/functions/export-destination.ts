import { inngest } from "@/inngest/client";
import { exportDue } from "@/inngest/events";
import { STEP_RETRIES } from "@/inngest/retry-policy";
import { exportDestination, type Step } from "@/lib/exports/export-workflow";

// One export run per event, one at a time per destination; each step retried on its own.
export const exportDestinationFunction = inngest.createFunction(
  {
    id: "export-destination",
    triggers: [exportDue],
    concurrency: { key: "event.data.destinationId", limit: 1 },
    retries: STEP_RETRIES,
  },
  async ({ event, step }) => {
    // The workflow's step results are small plain-JSON objects by design, so Inngest's
    // JSON round trip of memoised results returns them unchanged.
    const steps: Step = {
      run: (name, work) => step.run(name, work) as Promise<Awaited<ReturnType<typeof work>>>,
    };
    return exportDestination(steps, event.data.destinationId);
  },
);
