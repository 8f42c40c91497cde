import "server-only";
import pg from "pg";
import { attachDatabasePool } from "@vercel/functions";
import { env } from "@/lib/env";
import { errorFields, log } from "@/lib/log";

// The process's one PostgreSQL pool: Prisma runs on it (lib/db/prisma.ts, through its pg
// adapter) and the ingest hot path uses it directly, where each batch is a handful of
// set-based statements and Prisma's per-query overhead would be most of the cost. A request
// waits at most DATABASE_CONNECT_TIMEOUT_MS for a connection, then fails with an error that
// says so, instead of hanging. On Vercel the pool is attached to the function's lifecycle, so
// idle connections close before an instance is suspended
// (https://vercel.com/docs/functions/functions-api-reference/vercel-functions-package#database-connection-pool-management).

const globalForPool = globalThis as unknown as { deltaportPool?: pg.Pool };

/** Closes idle connections soon: a suspended instance's sockets would be cut by the database anyway. */
const IDLE_TIMEOUT_MS = 5_000;

export function createPool(
  url: string,
  { max, connectTimeoutMs }: { max: number; connectTimeoutMs: number },
) {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: connectTimeoutMs,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
  });
  pool.on("error", (error) => log().warn(errorFields(error), "idle database connection failed"));
  return pool;
}

export function dbPool(): pg.Pool {
  if (!globalForPool.deltaportPool) {
    const settings = env();
    if (!settings.DATABASE_URL)
      throw new Error(
        "DATABASE_URL is not set: start the portal with `npm run dev`, or set it to your Postgres URL.",
      );
    const pool = createPool(settings.DATABASE_URL, {
      max: settings.DATABASE_POOL_MAX,
      connectTimeoutMs: settings.DATABASE_CONNECT_TIMEOUT_MS,
    });
    if (settings.VERCEL_ENV) attachDatabasePool(pool);
    globalForPool.deltaportPool = pool;
  }
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
