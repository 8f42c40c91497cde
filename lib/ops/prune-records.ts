import "server-only";
import { dbPool } from "@/lib/db/pool";

// Operational records kept for people to read, for a bounded time: webhook deliveries that are
// settled (delivered or given up) for 30 days, and the steps of runs for 90 days (a run keeps
// its own row, rows, files and error). Deleted in batches by each scheduler tick. (Prisma keeps
// these times as UTC in columns without a time zone.)

export const DELIVERY_RETENTION_DAYS = 30;
export const RUN_STEP_RETENTION_DAYS = 90;
const BATCH = 5_000;

export async function pruneOperationalRecords(
  now = new Date(),
): Promise<{ deliveries: number; steps: number }> {
  const before = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const deliveries = await dbPool().query(
    `DELETE FROM webhook_deliveries WHERE id IN (
       SELECT id FROM webhook_deliveries
       WHERE "createdAt" < ($1::timestamptz AT TIME ZONE 'UTC') AND "nextAttemptAt" IS NULL LIMIT ${BATCH})`,
    [before(DELIVERY_RETENTION_DAYS)],
  );
  const steps = await dbPool().query(
    `DELETE FROM run_steps WHERE id IN (
       SELECT id FROM run_steps WHERE "startedAt" < ($1::timestamptz AT TIME ZONE 'UTC') LIMIT ${BATCH})`,
    [before(RUN_STEP_RETENTION_DAYS)],
  );
  return { deliveries: deliveries.rowCount ?? 0, steps: steps.rowCount ?? 0 };
}
