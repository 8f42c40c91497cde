import { lockUntilCommit, TRANSACTION_LOCK_SQL } from "@/lib/db/transaction-lock";
import type { Prisma } from "@/lib/generated/prisma/client";

// One planner at a time per destination (its recurring lane) and per backfill, by a
// transaction-level advisory lock. Not a row lock (SELECT … FOR UPDATE): that would give the
// transaction an id for its whole length, and while a planner measures a window, every
// exporter's safe horizon (the oldest running transaction id) would stay behind it, so a
// recurring run could find nothing safe to deliver.

/** The lock's statement, for whoever must hold planners back (the tests do, to see a queued run). */
export const PLANNING_LOCK_SQL = TRANSACTION_LOCK_SQL;

export const planningKey = {
  destination: (destinationId: string) => `destination:${destinationId}`,
  backfill: (backfillId: string) => `backfill:${backfillId}`,
};

/** Holds the planning lock on `key` until the transaction ends. */
export const lockForPlanning = (tx: Prisma.TransactionClient, key: string): Promise<void> =>
  lockUntilCommit(tx, key);
