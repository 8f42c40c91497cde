import type { Role } from "@/lib/auth/permissions";
import { noticeStaleScheduler, schedulerStatus } from "@/lib/ops/scheduler-heartbeat";

/**
 * Admins see, on every page, that exports have stopped being scheduled; the page that first
 * notices also sends the alert (lib/ops/scheduler-heartbeat.ts). Others see nothing: they can
 * do nothing about it.
 */
export async function SchedulerBanner({ role }: { role: Role }) {
  if (role !== "ADMIN") return null;
  const status = await schedulerStatus();
  if (status.state !== "stale") return null;
  await noticeStaleScheduler(status);
  const minutes = Math.round(status.ageSeconds / 60);
  return (
    <div role="alert" className="border-b border-amber-300 bg-amber-50">
      <p className="mx-auto max-w-6xl px-4 py-2 text-sm text-amber-900">
        <strong>Exports are not being scheduled.</strong>{" "}
        {status.lastTickAt
          ? `The scheduler last ticked ${minutes} minutes ago.`
          : `The scheduler has not ticked in the ${minutes} minutes since this deployment started.`}{" "}
        No destination exports until it runs again: check the Inngest app and its keys (or the local export
        runner).
      </p>
    </div>
  );
}
