import { inngest } from "@/inngest/client";
import { backfillDue } from "@/inngest/events";
import { STEP_RETRIES } from "@/inngest/retry-policy";
import { workflowSteps } from "@/inngest/workflow-steps";
import { log } from "@/lib/log";
import { exportBackfill } from "@/lib/exports/export-workflow";

// A destination's backfill lane: its chunks back to back, one function run per destination at
// a time (singleton), beside the recurring export's function, which it never delays.
export const backfillDestinationFunction = inngest.createFunction(
  {
    id: "backfill-destination",
    triggers: [backfillDue],
    singleton: { key: "event.data.destinationId", mode: "skip" },
    retries: STEP_RETRIES,
  },
  async ({ event, step, runId }) =>
    exportBackfill(workflowSteps(step), event.data.backfillId, `inngest-${event.id}`, {
      // Every line of the run carries Inngest's run id: the request that did the work.
      logger: log().child({ requestId: runId }),
    }),
);
