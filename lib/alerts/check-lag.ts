import "server-only";
import { db } from "@/lib/db/prisma";
import { raiseAlert, resolveAlerts } from "@/lib/alerts/alerts";
import { lagOf } from "@/lib/destinations/queries";
import { logUnexpectedError } from "@/lib/errors";
import { formatDuration } from "@/lib/format";

// Each destination's lag is checked on its own, under a statement timeout, and a check that
// fails or times out is logged and skipped: one tenant's slow or broken check never stops the
// others, nor (since the scheduler dispatches due runs first) anyone's exports.

export type LagCheck = { raised: number; failed: number };

/** A lag alert for every active destination whose lag passed twice its interval; resolves the others. */
export async function checkLagAlerts(
  now = new Date(),
  { statementTimeout = "2s" }: { statementTimeout?: string } = {},
): Promise<LagCheck> {
  // A deleted project's destinations are stopped: no lag to alert about.
  const destinations = await db.destination.findMany({
    where: { deletedAt: null, state: "ACTIVE", project: { deletedAt: null } },
  });
  const result: LagCheck = { raised: 0, failed: 0 };
  for (const destination of destinations) {
    try {
      const lag = await db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SELECT set_config('statement_timeout', $1, true)`, statementTimeout);
        return lagOf(destination, now, tx);
      });
      const limit = 2 * destination.frequencyMinutes * 60_000;
      if (lag !== null && lag > limit) {
        const message = `Events wait ${formatDuration(lag)} to be delivered, more than twice the ${destination.frequencyMinutes}-minute interval. Check the run history for errors.`;
        if (await raiseAlert(destination, "LAG", message)) result.raised++;
      } else {
        await resolveAlerts(destination.id, "LAG", now);
      }
    } catch (error) {
      result.failed++;
      logUnexpectedError(`lag check of destination ${destination.id}`, error);
    }
  }
  return result;
}
