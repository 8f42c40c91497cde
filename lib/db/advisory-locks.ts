import "server-only";
import type { PoolClient } from "pg";

/**
 * Takes transaction-scoped advisory locks on `keys`, in one order (their hashes, sorted), so
 * that two transactions locking overlapping sets cannot deadlock.
 */
export async function lockKeys(client: PoolClient, keys: Iterable<string>): Promise<void> {
  const list = [...keys];
  if (list.length === 0) return;
  await client.query(
    `SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT DISTINCT hashtextextended(key, 0) AS k FROM json_array_elements_text($1::json) AS key ORDER BY 1) AS keys`,
    [JSON.stringify(list)],
  );
}
