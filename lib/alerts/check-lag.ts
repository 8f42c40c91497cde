import "server-only";
import { db } from "@/lib/db/prisma";
import { raiseAlert, resolveAlerts } from "@/lib/alerts/alerts";
import { lagOf } from "@/lib/destinations/queries";
import { logUnexpectedError } from "@/lib/errors";
import { formatDuration } from "@/lib/format";

// Lag is read from each destination's row (lagOf: the time its last catching-up run was
// planned), so checking every destination costs one query, whatever their backlogs.

export type LagCheck = { raised: number; resolved: number };

/** A lag alert for every active destination whose lag passed twice its interval; resolves the others. */
export async function checkLagAlerts(now = new Date()): Promise<LagCheck> {
  // A deleted project's destinations are stopped: no lag to alert about.
  const destinations = await db.destination.findMany({
    where: { deletedAt: null, state: "ACTIVE", project: { deletedAt: null } },
  });
  const lagging = new Set(
    (
      await db.alert.findMany({ where: { kind: "LAG", resolvedAt: null }, select: { destinationId: true } })
    ).map((alert) => alert.destinationId),
  );
  const result: LagCheck = { raised: 0, resolved: 0 };
  for (const destination of destinations) {
    try {
      const lag = lagOf(destination, now);
      const limit = 2 * destination.frequencyMinutes * 60_000;
      if (lag > limit) {
        const message = `Nothing delivered for ${formatDuration(lag)}, more than twice the ${destination.frequencyMinutes}-minute interval. Check the run history for errors.`;
        if (await raiseAlert(destination, "LAG", message)) result.raised++;
      } else if (lagging.has(destination.id)) {
        await resolveAlerts(destination.id, "LAG", now);
        result.resolved++;
      }
    } catch (error) {
      logUnexpectedError(`lag check of destination ${destination.id}`, error);
    }
  }
  return result;
}
