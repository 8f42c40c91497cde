import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Issue 18, item 2: one pool per process, Prisma on it, and a bounded wait for a connection.
// The pool is sized and timed by the environment, read once per process: this file sets a
// small pool and a short wait before anything reads them.
process.env.DATABASE_POOL_MAX = "2";
process.env.DATABASE_CONNECT_TIMEOUT_MS = "400";

const { dbPool } = await import("@/lib/db/pool");
const { db } = await import("@/lib/db/prisma");

beforeAll(async () => {
  await db.$queryRaw`SELECT 1`;
});
afterAll(async () => {
  await db.$disconnect();
  await dbPool().end();
});

describe("the process's connection pool", () => {
  it("is the one Prisma queries through: with every connection taken, Prisma waits for one, then fails", async () => {
    const pool = dbPool();
    const held = await Promise.all([pool.connect(), pool.connect()]);
    try {
      const started = Date.now();
      await expect(db.$queryRaw`SELECT 1`).rejects.toThrow(/timeout/i);
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(350);
      expect(waited).toBeLessThan(5_000);
    } finally {
      for (const client of held) client.release();
    }
    // Released, the same pool serves Prisma again.
    await expect(db.$queryRaw`SELECT 1 AS one`).resolves.toEqual([{ one: 1 }]);
    expect(pool.totalCount).toBeLessThanOrEqual(2);
  });
});
