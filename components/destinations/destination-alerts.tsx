import { formatTime } from "@/lib/format";
import type { Alert } from "@/lib/generated/prisma/browser";

type Props = {
  alerts: Pick<Alert, "id" | "kind" | "createdAt" | "message">[];
  /** The policy carries the signing keys inline and a rotated-in key is about to sign. */
  policyUpdateNeeded: boolean;
  /** Days past retention kept only because this destination has not delivered them. */
  retentionHold: { days: number; from: string | null } | null;
};

/** What needs the admin's attention: open alerts, and a policy to run again. */
export function DestinationAlerts({ alerts, policyUpdateNeeded, retentionHold }: Props) {
  return (
    <>
      {alerts.length > 0 && (
        <section aria-labelledby="alerts-heading" className="rounded-xl border border-red-200 bg-red-50 p-4">
          <h3 id="alerts-heading" className="font-semibold text-red-800">
            Alerts
          </h3>
          <ul className="mt-1 space-y-1 text-sm text-red-800">
            {alerts.map((alert) => (
              <li key={alert.id}>
                <span className="font-medium">{alert.kind === "FAILING" ? "Failing" : "Lagging"}</span> since{" "}
                {formatTime(alert.createdAt)}: {alert.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      {policyUpdateNeeded && (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Deltaport is rotating its signing key and this destination&apos;s policy carries the keys inline:
          run the policy command again before the new key signs.
        </p>
      )}
      {retentionHold && (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {retentionHold.days === 1 ? "One day" : `${retentionHold.days} days`} of events past the retention
          {retentionHold.from ? ` (from ${retentionHold.from})` : ""}{" "}
          {retentionHold.days === 1 ? "is" : "are"} kept because this destination has not delivered{" "}
          {retentionHold.days === 1 ? "it" : "them"} yet.
        </p>
      )}
    </>
  );
}
