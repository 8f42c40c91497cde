import "server-only";
import { sendDeploymentAlert } from "@/lib/alerts/deployment-alert";
import { db } from "@/lib/db/prisma";

// Whether the export scheduler is alive: every tick (Inngest's schedule-exports function, or
// the local runner) records itself; a tick older than five minutes, or none five minutes after
// the deployment first looked, means exports have stopped being scheduled (missing Inngest keys,
// a broken deploy). The request that first notices sends the alert; the next tick resolves it.

export const SCHEDULER_STALE_MS = 5 * 60 * 1000;
const ROW = "scheduler";

export type SchedulerStatus =
  | { state: "starting"; lastTickAt: null; ageSeconds: null }
  | { state: "ok" | "stale"; lastTickAt: Date | null; ageSeconds: number };

/** Records a tick; a tick after a stale spell resolves its alert (the tick that clears it says so). */
export async function recordSchedulerTick(now = new Date()): Promise<void> {
  const resolved = await db.schedulerState.updateMany({
    where: { id: ROW, staleAlertedAt: { not: null } },
    data: { staleAlertedAt: null, lastTickAt: now },
  });
  await db.schedulerState.upsert({
    where: { id: ROW },
    create: { id: ROW, since: now, lastTickAt: now },
    update: { lastTickAt: now },
  });
  if (resolved.count > 0)
    await sendDeploymentAlert(
      "exports are scheduled again",
      `The export scheduler ticked at ${now.toISOString()}.`,
    );
}

/** The scheduler's state now; the first look of a deployment starts the clock. */
export async function schedulerStatus(now = new Date()): Promise<SchedulerStatus> {
  // A read on every admin page; only the deployment's first look writes.
  const state =
    (await db.schedulerState.findUnique({ where: { id: ROW } })) ??
    (await db.schedulerState.upsert({ where: { id: ROW }, create: { id: ROW, since: now }, update: {} }));
  const reference = state.lastTickAt ?? state.since;
  const ageMs = Math.max(0, now.getTime() - reference.getTime());
  if (!state.lastTickAt && ageMs < SCHEDULER_STALE_MS)
    return { state: "starting", lastTickAt: null, ageSeconds: null };
  return {
    state: ageMs >= SCHEDULER_STALE_MS ? "stale" : "ok",
    lastTickAt: state.lastTickAt,
    ageSeconds: Math.round(ageMs / 1000),
  };
}

/**
 * Sends the stale-scheduler alert, once per stale spell: the first request to claim the row
 * (staleAlertedAt still empty) sends it. True when this call sent it.
 */
export async function noticeStaleScheduler(status: SchedulerStatus, now = new Date()): Promise<boolean> {
  if (status.state !== "stale") return false;
  // Claimed only while still stale: a tick that landed since the status was read wins.
  const staleBefore = new Date(now.getTime() - SCHEDULER_STALE_MS);
  const claimed = await db.schedulerState.updateMany({
    where: {
      id: ROW,
      staleAlertedAt: null,
      OR: [{ lastTickAt: { lte: staleBefore } }, { lastTickAt: null, since: { lte: staleBefore } }],
    },
    data: { staleAlertedAt: now },
  });
  if (claimed.count === 0) return false;
  const since = status.lastTickAt
    ? `last ticked at ${status.lastTickAt.toISOString()}`
    : "has not ticked since this deployment started";
  await sendDeploymentAlert(
    "exports are not being scheduled",
    `The export scheduler ${since} (${Math.round(status.ageSeconds / 60)} minutes ago). No destination exports until it runs again: check the Inngest app and its INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY, or the local export runner.`,
  );
  return true;
}
