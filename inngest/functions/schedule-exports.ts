import { inngest } from "@/inngest/client";
import { backfillDue, exportDue } from "@/inngest/events";
import { checkLagAlerts } from "@/lib/alerts/check-lag";
import { retryWebhookDeliveries } from "@/lib/alerts/webhook-delivery";
import { ensureEventPartitions } from "@/lib/events/partitions";
import { dropExpiredEventPartitions } from "@/lib/events/retention";
import { pruneInsertIds } from "@/lib/ingest/prune-insert-ids";
import { pruneOperationalRecords } from "@/lib/ops/prune-records";
import { pruneRateBuckets } from "@/lib/ingest/throttle";
import { recordSchedulerTick } from "@/lib/ops/scheduler-heartbeat";
import { dueBackfills, dueDestinationIds } from "@/lib/exports/due-destinations";

// Every minute: one destination/export.due event per due destination and one
// destination/backfill.due per running backfill, idempotent per lane and tick (Inngest drops a
// second event with the same id); then the lag checks, so that no check delays a dispatch.
export const scheduleExports = inngest.createFunction(
  { id: "schedule-exports", triggers: [{ cron: "* * * * *" }] },
  async ({ step }) => {
    // The heartbeat /api/health reads: a scheduler that stops ticking is noticed and alerted.
    await step.run("record-tick", () => recordSchedulerTick());
    const due = await step.run("find-due-destinations", () => dueDestinationIds());
    const backfills = await step.run("find-due-backfills", () => dueBackfills());
    if (due.length + backfills.length > 0) {
      const tick = new Date().toISOString().slice(0, 16);
      await step.sendEvent("fan-out", [
        ...due.map((destinationId) =>
          exportDue.create({ destinationId }, { id: `${destinationId}-${tick}` }),
        ),
        ...backfills.map((backfill) =>
          backfillDue.create(backfill, { id: `${backfill.backfillId}-${tick}` }),
        ),
      ]);
    }
    const lag = await step.run("check-lag-alerts", () => checkLagAlerts());
    const webhooks = await step.run("retry-webhook-deliveries", () => retryWebhookDeliveries());
    await step.run("prune-rate-buckets", () => pruneRateBuckets());
    await step.run("prune-insert-ids", () => pruneInsertIds());
    await step.run("prune-operational-records", () => pruneOperationalRecords());
    await step.run("ensure-event-partitions", () => ensureEventPartitions());
    await step.run("drop-expired-event-partitions", () => dropExpiredEventPartitions());
    return { due: due.length, backfills: backfills.length, lag, webhooks };
  },
);
