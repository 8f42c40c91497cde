import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Holds a transaction-level advisory lock on `key` until the transaction ends: for work that
 * reads, then writes what it read was free (a slug), one transaction at a time per key.
 */
export async function lockUntilCommit(tx: Prisma.TransactionClient, key: string): Promise<void> {
  await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))::text`, key);
}
