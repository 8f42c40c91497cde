// No "server-only" here: the end-to-end tests take the planning lock (lib/db/planner-lock.ts) through it.
import type { Prisma } from "@/lib/generated/prisma/client";

/** The statement of a transaction-level advisory lock on a text key. */
export const TRANSACTION_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))::text`;

/**
 * Holds a transaction-level advisory lock on `key` until the transaction ends: for work that
 * reads, then writes what it read was free (a slug, a last admin), one transaction at a time
 * per key. Not a row lock, which would give the transaction an id from its start (see
 * lib/db/planner-lock.ts for why that matters to exports).
 */
export async function lockUntilCommit(tx: Prisma.TransactionClient, key: string): Promise<void> {
  await tx.$queryRawUnsafe(TRANSACTION_LOCK_SQL, key);
}
