import "server-only";
import { db } from "@/lib/db/prisma";
import { errorFields, type Logger } from "@/lib/log";

// What a run's steps did, kept for the run detail page: each execution of a step (a retried
// one again, with its attempt number), its timing and outcome, and the error of a failed one.
// A step that Inngest replays from memory is not executed, so not recorded twice.

export type StepOutcome = "done" | "error, retried" | "failed" | "lease lost" | "cancelled";

/** Records one execution of a step; recording never fails the step (it is logged instead). */
export async function recordStep(
  logger: Logger,
  runId: string,
  name: string,
  startedAt: Date,
  outcome: StepOutcome,
  error?: string,
): Promise<void> {
  const ms = Date.now() - startedAt.getTime();
  try {
    const attempt = (await db.runStep.count({ where: { runId, name } })) + 1;
    await db.runStep.create({
      data: { runId, name, attempt, startedAt, ms, outcome, error: error?.slice(0, 2000) ?? null },
    });
  } catch (failure) {
    logger.warn(errorFields(failure), "run step not recorded");
  }
}

/** A run's steps in the order they ran. */
export const runSteps = (runId: string) =>
  db.runStep.findMany({ where: { runId }, orderBy: [{ startedAt: "asc" }, { id: "asc" }] });
