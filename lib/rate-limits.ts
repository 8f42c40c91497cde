import "server-only";
import { createHash } from "node:crypto";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { dbPool } from "@/lib/db/pool";

// The project's one rate-limit store: rate-limiter-flexible on PostgreSQL (table rate_limits,
// created by a migration), so that a limit holds across every instance of the portal, as a
// per-process counter on serverless would not. Each limiter keeps its rows under its own
// prefix; the library deletes expired rows hourly.

export type LimiterOptions = {
  /** Names the limiter; its rows are `prefix:key`. */
  prefix: string;
  points: number;
  windowSeconds: number;
};

export function sharedLimiter({ prefix, points, windowSeconds }: LimiterOptions): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: dbPool(),
    storeType: "pool",
    tableName: "rate_limits",
    tableCreated: true,
    keyPrefix: prefix,
    points,
    duration: windowSeconds,
  });
}

/** Takes one point for `key`; false when the key is past its limit (nothing is taken then). */
export async function takePoint(limiter: RateLimiterPostgres, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false; // past the limit
    throw error;
  }
}

/** A key the table may hold for a personal one (an e-mail): its SHA-256, case folded. */
export const hashedKey = (key: string) => createHash("sha256").update(key.toLowerCase()).digest("hex");
