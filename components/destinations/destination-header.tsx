import type { ActionResult } from "@/lib/actions/action-result";
import { frequencyLabel } from "@/lib/destinations/destination-input";
import type { DestinationStatus } from "@/lib/destinations/queries";
import { formatDuration, formatTime } from "@/lib/format";
import type { Destination } from "@/lib/generated/prisma/browser";
import { StatusBadge } from "@/components/destinations/status-badge";
import { ConfirmButton } from "@/components/ui/confirm-button";

type Action = () => Promise<ActionResult>;

type Props = {
  destination: Pick<Destination, "name" | "frequencyMinutes" | "state" | "nextRunAt">;
  status: DestinationStatus;
  lagMs: number | null;
  /** Events waiting to be delivered, counted up to one run's cap. */
  backlog: { count: number; more: boolean };
  /** The server actions, bound to this destination. */
  actions: { runNow: Action; pause: Action; resume: Action; remove: Action };
  /** Why the caller's role may not use each action (undefined: it may). */
  disabledReasons: { runNow?: string; pauseResume?: string; remove?: string };
};

const backlogText = ({ count, more }: Props["backlog"]) =>
  `${more ? "more than " : ""}${count.toLocaleString("en-US")} event${count === 1 && !more ? "" : "s"}`;

const DELETE_WARNING =
  "Runs stop and the destination disappears from the list (its run history stays for the audit). Revoke its federation policy and grants in Databricks afterwards.";

/** The destination's name, state and schedule, with Run now, Pause or Resume, and Delete. */
export function DestinationHeader({ destination, status, lagMs, backlog, actions, disabledReasons }: Props) {
  const paused = destination.state === "PAUSED";
  return (
    <div className="flex flex-wrap items-start justify-between gap-4">
      <div>
        <p className="text-sm text-slate-500">Databricks destination</p>
        <h2 className="text-xl font-semibold">{destination.name}</h2>
        <div className="mt-1 flex flex-wrap items-center gap-3 text-sm text-slate-600">
          <StatusBadge status={status} />
          <span>{frequencyLabel(destination.frequencyMinutes)}</span>
          <span>Next run: {paused ? "paused" : formatTime(destination.nextRunAt)}</span>
          <span>Lag: {lagMs === null ? "up to date" : formatDuration(lagMs)}</span>
          {backlog.count > 0 && <span>Backlog: {backlogText(backlog)}</span>}
        </div>
      </div>
      <div className="flex flex-wrap items-start gap-2">
        <ConfirmButton
          label="Run now"
          pendingLabel="Working…"
          action={actions.runNow}
          disabledReason={disabledReasons.runNow}
        />
        {/* One button that turns from Pause into Resume, keeping what it last said. */}
        <ConfirmButton
          label={paused ? "Resume" : "Pause"}
          pendingLabel="Working…"
          action={paused ? actions.resume : actions.pause}
          disabledReason={disabledReasons.pauseResume}
        />
        <ConfirmButton
          label="Delete destination"
          pendingLabel="Working…"
          variant="danger"
          confirm={DELETE_WARNING}
          action={actions.remove}
          disabledReason={disabledReasons.remove}
        />
      </div>
    </div>
  );
}
