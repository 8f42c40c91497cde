import "server-only";
import { RateLimiterPostgres } from "rate-limiter-flexible";
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
