import "server-only";
import pg from "pg";
import { env } from "@/lib/env";

// A plain node-postgres pool for the ingest hot path, where each batch is a handful of
// set-based statements and Prisma's per-query overhead would be most of the cost.
// Everything else goes through Prisma (lib/db.ts).

const globalForPool = globalThis as unknown as { deltaportPool?: pg.Pool };

function createPool(): pg.Pool {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on("error", (error) => console.error("[db-pool] idle client error:", error.message));
  return pool;
}

export function dbPool(): pg.Pool {
  globalForPool.deltaportPool ??= createPool();
  return globalForPool.deltaportPool;
}

/** Runs `work` in one transaction on a pooled client; rolls back on any error. */
export async function withTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await dbPool().connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
