import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Holds a transaction-level advisory lock on `key` until the transaction ends: one planner at a
 * time per destination or backfill. Not a row lock (SELECT … FOR UPDATE): that would give the
 * transaction an id for its whole length, and while a planner measures a window, every
 * exporter's safe horizon (the oldest running transaction id) would stay behind it, so a
 * recurring run could find nothing safe to deliver.
 */
export async function lockForPlanning(tx: Prisma.TransactionClient, key: string): Promise<void> {
  await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))::text`, key);
}
