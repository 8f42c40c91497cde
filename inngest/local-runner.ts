import { checkLagAlerts } from "@/lib/alerts/check-lag";
import { retryWebhookDeliveries } from "@/lib/alerts/webhook-delivery";
import { ensureEventPartitions } from "@/lib/events/partitions";
import { dropExpiredEventPartitions } from "@/lib/events/retention";
import { pruneInsertIds } from "@/lib/ingest/prune-insert-ids";
import { pruneOperationalRecords } from "@/lib/ops/prune-records";
import { pruneRateBuckets } from "@/lib/ingest/throttle";
import { recordSchedulerTick } from "@/lib/ops/scheduler-heartbeat";
import { RETRY_BASE_DELAY_MS, STEP_RETRIES } from "@/inngest/retry-policy";
import { randomUUID } from "node:crypto";
import { errorFields, log, type Logger } from "@/lib/log";
import { DatabricksError } from "@/lib/databricks/errors";
import { dueBackfills, dueDestinationIds } from "@/lib/exports/due-destinations";
import {
  exportBackfill,
  exportDestination,
  type ExportOutcome,
  type Step,
} from "@/lib/exports/export-workflow";

// The in-process stand-in for Inngest where no Inngest server is configured (the local
// default): a timer for the tick, plain retries with backoff per step, one run at a time per
// destination. The workflow is the same function Inngest runs.

export type LocalRunnerOptions = {
  intervalMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  logger?: Logger;
  owner?: string;
};

/** A Step that runs each step at once, retrying a thrown (transient) error with backoff. */
export function localStep({ maxAttempts = STEP_RETRIES + 1, baseDelayMs = RETRY_BASE_DELAY_MS } = {}): Step {
  return {
    async run(name, work) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await work();
        } catch (error) {
          const retryable = !(error instanceof DatabricksError) || error.retryable;
          if (!retryable || attempt >= maxAttempts) throw error;
          await new Promise((resolve) =>
            setTimeout(resolve, baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2)),
          );
        }
      }
    },
  };
}

/** Runs every due destination once (those already running are left alone). */
export function createLocalRunner(options: LocalRunnerOptions = {}) {
  // This runner's name on the runs it leases: its own runs resume on its next tick; another
  // process (or a restart of this one) takes them over once the lease has gone stale.
  const owner = options.owner ?? `local-${process.pid}-${randomUUID().slice(0, 8)}`;
  const running = new Map<string, Promise<ExportOutcome | undefined>>();
  const logger = (options.logger ?? log()).child({ runner: owner });
  const step = localStep(options);

  /**
   * Runs one lane (`key`) once, unless it is already running here; its lines carry a request
   * id of their own. The workflow logs each run's outcome.
   */
  function runLane(key: string, work: (lane: Logger) => Promise<ExportOutcome>) {
    if (running.has(key)) return null;
    const lane = logger.child({ requestId: `local-${randomUUID()}` });
    const run = (async () => {
      try {
        return await work(lane);
      } catch {
        // Retries exhausted (the workflow logged why): the run stays open and the next tick resumes it.
        return undefined;
      } finally {
        running.delete(key);
      }
    })();
    running.set(key, run);
    return run;
  }

  /** One tick: every due recurring export and running backfill, as lanes side by side; then lag alerts. */
  async function tick(): Promise<(ExportOutcome | undefined)[]> {
    await recordSchedulerTick();
    const [due, backfills] = await Promise.all([dueDestinationIds(), dueBackfills()]);
    const started = [
      ...due.map((id) => runLane(id, (lane) => exportDestination(step, id, owner, { logger: lane }))),
      ...backfills.map(({ destinationId, backfillId }) =>
        runLane(`backfill:${destinationId}`, (lane) =>
          exportBackfill(step, backfillId, owner, { logger: lane }),
        ),
      ),
    ];
    // Checked once the lanes are under way: no check delays a dispatch.
    await checkLagAlerts();
    await retryWebhookDeliveries();
    await pruneRateBuckets();
    await pruneInsertIds();
    await pruneOperationalRecords();
    await ensureEventPartitions();
    await dropExpiredEventPartitions();
    return Promise.all(started.filter((run) => run !== null));
  }

  let timer: NodeJS.Timeout | undefined;
  return {
    tick,
    start() {
      const loop = async () => {
        await tick().catch((error: unknown) => logger.error(errorFields(error), "tick failed"));
        timer = setTimeout(loop, options.intervalMs ?? 5000);
      };
      void loop();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      await Promise.all(running.values());
    },
  };
}
