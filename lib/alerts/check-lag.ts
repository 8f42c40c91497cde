import "server-only";
import { db } from "@/lib/db/prisma";
import { raiseAlert, resolveAlerts } from "@/lib/alerts/alerts";
import { lagOf } from "@/lib/destinations/queries";
import { formatDuration } from "@/lib/format";

/** On each scheduler tick: a lag alert for every active destination whose lag passed twice its interval. */
export async function checkLagAlerts(now = new Date()): Promise<number> {
  const destinations = await db.destination.findMany({ where: { deletedAt: null, state: "ACTIVE" } });
  let raised = 0;
  for (const destination of destinations) {
    const lag = await lagOf(destination, now);
    const limit = 2 * destination.frequencyMinutes * 60_000;
    if (lag !== null && lag > limit) {
      const message = `Events wait ${formatDuration(lag)} to be delivered, more than twice the ${destination.frequencyMinutes}-minute interval. Check the run history for errors.`;
      if (await raiseAlert(destination, "LAG", message)) raised++;
    } else {
      await resolveAlerts(destination.id, "LAG", now);
    }
  }
  return raised;
}
