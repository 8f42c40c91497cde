import { checkLagAlerts } from "@/lib/alerts/check-lag";
import { RETRY_BASE_DELAY_MS, STEP_RETRIES } from "@/inngest/retry-policy";
import { randomUUID } from "node:crypto";
import { DatabricksError } from "@/lib/databricks/errors";
import { dueDestinationIds } from "@/lib/exports/due-destinations";
import { exportDestination, type ExportOutcome, type Step } from "@/lib/exports/export-workflow";

// The in-process stand-in for Inngest where no Inngest server is configured (the local
// default): a timer for the tick, plain retries with backoff per step, one run at a time per
// destination. The workflow is the same function Inngest runs.

export type LocalRunnerOptions = {
  intervalMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  log?: (line: string) => void;
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
  const log = options.log ?? ((line: string) => console.log(`[exports] ${line}`));
  const step = localStep(options);

  async function runOne(destinationId: string): Promise<ExportOutcome | undefined> {
    try {
      const outcome = await exportDestination(step, destinationId, owner);
      if (outcome.status !== "skipped")
        log(
          `${destinationId}: run ${outcome.runId} ${outcome.status}${outcome.status === "succeeded" ? `, ${outcome.rows} rows` : ""}`,
        );
      return outcome;
    } catch (error) {
      // Retries exhausted: the run stays open and the next tick resumes it.
      log(
        `${destinationId}: run interrupted (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); the next tick resumes it`,
      );
      return undefined;
    } finally {
      running.delete(destinationId);
    }
  }

  async function tick(): Promise<(ExportOutcome | undefined)[]> {
    await checkLagAlerts();
    const due = await dueDestinationIds();
    const started = due
      .filter((id) => !running.has(id))
      .map((id) => {
        const run = runOne(id);
        running.set(id, run);
        return run;
      });
    return Promise.all(started);
  }

  let timer: NodeJS.Timeout | undefined;
  return {
    tick,
    start() {
      const loop = async () => {
        await tick().catch((error: unknown) =>
          log(`tick failed: ${error instanceof Error ? error.message : String(error)}`),
        );
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
