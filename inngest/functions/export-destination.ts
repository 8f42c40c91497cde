import { inngest, EXPORT_DUE } from "@/inngest/client";
import { exportDestination, type Step } from "@/lib/exports/export-workflow";

// One export run per event, one at a time per destination; each step retried on its own.
export const exportDestinationFunction = inngest.createFunction(
  {
    id: "export-destination",
    triggers: [{ event: EXPORT_DUE }],
    concurrency: { key: "event.data.destinationId", limit: 1 },
    retries: 5,
  },
  async ({ event, step }) => {
    // The workflow's step results are small plain-JSON objects by design, so Inngest's
    // JSON round trip of memoised results returns them unchanged.
    const steps: Step = {
      run: (name, work) => step.run(name, work) as Promise<Awaited<ReturnType<typeof work>>>,
    };
    return exportDestination(steps, String((event.data as { destinationId: string }).destinationId));
  },
);
