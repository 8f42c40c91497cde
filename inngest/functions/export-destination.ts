import { inngest } from "@/inngest/client";
import { exportDue } from "@/inngest/events";
import { STEP_RETRIES } from "@/inngest/retry-policy";
import { workflowSteps } from "@/inngest/workflow-steps";
import { log } from "@/lib/log";
import { exportDestination } from "@/lib/exports/export-workflow";

// One function run per destination at a time: `singleton` skips a dispatch while a run of
// the same destination is active (Inngest's `concurrency` limits steps, not runs), and the
// run's lease, held under the triggering event's id (one event, one function run), keeps any
// second worker off the same run.
// https://www.inngest.com/docs/guides/singleton
export const exportDestinationFunction = inngest.createFunction(
  {
    id: "export-destination",
    triggers: [exportDue],
    singleton: { key: "event.data.destinationId", mode: "skip" },
    retries: STEP_RETRIES,
  },
  async ({ event, step, runId }) =>
    exportDestination(workflowSteps(step), event.data.destinationId, `inngest-${event.id}`, {
      // Every line of the run carries Inngest's run id: the request that did the work.
      logger: log().child({ requestId: runId }),
    }),
);
