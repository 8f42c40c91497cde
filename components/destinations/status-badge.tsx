import type { DestinationStatus } from "@/lib/destinations/queries";

const STYLES: Record<DestinationStatus, string> = {
  healthy: "bg-green-50 text-green-700 ring-green-600/20",
  failing: "bg-red-50 text-red-700 ring-red-600/20",
  paused: "bg-slate-100 text-slate-600 ring-slate-500/20",
  waiting: "bg-amber-50 text-amber-800 ring-amber-600/20",
};
const LABELS: Record<DestinationStatus, string> = {
  healthy: "Healthy",
  failing: "Failing",
  paused: "Paused",
  waiting: "Waiting for first run",
};

export function StatusBadge({ status }: { status: DestinationStatus }) {
  return (
    <span
      className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status]}`}
    >
      {LABELS[status]}
    </span>
  );
}
