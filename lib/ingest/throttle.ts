import "server-only";
import { createHash } from "node:crypto";
import type { PoolClient } from "pg";
import { dbPool } from "@/lib/db/pool";

// Per-device and per-user rate limits, shared by every instance of the portal: token buckets in
// PostgreSQL (ingest_rate_buckets; or in Redis when REDIS_URL is set, lib/ingest/redis-throttle.ts),
// refilled at the configured events per second with a 30-second burst, as Amplitude averages
// over 30 s. A request over the limit is answered 429 whole and consumes nothing. One statement
// per request, whatever its number of devices and users (and a second to give back what it
// took, only when a request is refused).

export const BURST_SECONDS = 30;
/** Buckets idle this long are full again (even one overdrawn by a concurrent first request). */
export const IDLE_BUCKET_SECONDS = 2 * BURST_SECONDS;

export type ThrottleVerdict =
  | { ok: true }
  | { ok: false; devices: Record<string, number>; users: Record<string, number>; events: number[] };

/** What the limits read of an event: its place in the request, its device and its user. */
export type RateLimitedEvent = { index: number; deviceId: string | null; userId: string | null };

/** One store of the limits: PostgreSQL's (below) or Redis's. */
export interface EventRateLimiter {
  readonly epsPerId: number;
  /** Whether the buckets are taken inside ingest's transaction (PostgreSQL's) or before it (Redis's). */
  readonly inTransaction: boolean;
  /** Takes one token per event from its device's and user's buckets, or none if any would run dry. */
  take(
    projectId: string,
    events: RateLimitedEvent[],
    transaction?: Pick<PoolClient, "query">,
  ): Promise<ThrottleVerdict>;
}

/** What a request asks of each bucket, by the bucket's key. */
export type Demand = Map<string, { kind: "d" | "u"; id: string; count: number }>;

/** A bucket's row key: 64 bits of the SHA-1 of its name (collisions: about 1 in 2^64 per pair). */
const bucketKey = (name: string) => createHash("sha1").update(name).digest().readBigInt64BE(0).toString();

export function demandOf(
  prefix: string,
  events: { deviceId: string | null; userId: string | null }[],
): Demand {
  const demand: Demand = new Map();
  const add = (kind: "d" | "u", id: string) => {
    const key = bucketKey(`${prefix}|${kind}|${id}`);
    const entry = demand.get(key) ?? { kind, id, count: 0 };
    entry.count++;
    demand.set(key, entry);
  };
  for (const event of events) {
    if (event.deviceId) add("d", event.deviceId);
    if (event.userId) add("u", event.userId);
  }
  return demand;
}

// $1 keys, $2 counts, $3 capacity, $4 refill per second. One upsert debits every bucket that
// has enough (a bucket with no row is full), in key order so that two requests lock their
// buckets in the same order; the keys it returns are those debited. The others are the
// throttled ones: then the debited are refunded (REFUND_SQL), so that a refused request takes
// nothing. (n, the request's count for a key, is the capacity minus EXCLUDED.tokens.)
const TAKE_SQL = `
INSERT INTO ingest_rate_buckets AS b (key, tokens, at)
SELECT key, $3::float8 - n, clock_timestamp()
FROM unnest($1::int8[], $2::int[]) AS d(key, n)
WHERE n <= $3::float8
ORDER BY key
ON CONFLICT (key) DO UPDATE SET
  tokens = least($3::float8, b.tokens + extract(epoch FROM EXCLUDED.at - b.at) * $4::float8) - ($3::float8 - EXCLUDED.tokens),
  at = EXCLUDED.at
WHERE least($3::float8, b.tokens + extract(epoch FROM EXCLUDED.at - b.at) * $4::float8) >= $3::float8 - EXCLUDED.tokens
RETURNING key`;

const REFUND_SQL = `
UPDATE ingest_rate_buckets AS b SET tokens = b.tokens + d.n
FROM unnest($1::int8[], $2::int[]) AS d(key, n) WHERE b.key = d.key`;

/** The 429's facts: the throttled devices and users (with what they asked) and the events they sent. */
export function refusal(
  events: RateLimitedEvent[],
  demand: Demand,
  throttledKeys: string[],
): ThrottleVerdict {
  const devices: Record<string, number> = {};
  const users: Record<string, number> = {};
  for (const key of throttledKeys) {
    const { kind, id, count } = demand.get(key)!;
    (kind === "d" ? devices : users)[id] = count;
  }
  const throttled = events
    .filter((e) => (e.deviceId && e.deviceId in devices) || (e.userId && e.userId in users))
    .map((e) => e.index);
  return { ok: false, devices, users, events: throttled };
}

export class SharedEventRateLimiter implements EventRateLimiter {
  readonly inTransaction = true;

  constructor(
    /** Keeps one endpoint's buckets apart from another's (their rates differ). */
    private readonly endpoint: string,
    readonly epsPerId: number,
  ) {}

  /**
   * Takes one token per event from its device's and user's buckets, or none if any would run
   * dry. Given the client of a transaction (ingest's own), a refused request's debits are left
   * for that transaction's rollback; otherwise they are refunded here.
   */
  async take(
    projectId: string,
    events: RateLimitedEvent[],
    transaction?: Pick<PoolClient, "query">,
  ): Promise<ThrottleVerdict> {
    const demand = demandOf(`${this.endpoint}|${projectId}`, events);
    if (demand.size === 0) return { ok: true };
    const keys = [...demand.keys()];
    const counts = keys.map((key) => demand.get(key)!.count);
    const { rows } = await (transaction ?? dbPool()).query<{ key: string }>(TAKE_SQL, [
      keys,
      counts,
      this.epsPerId * BURST_SECONDS,
      this.epsPerId,
    ]);
    if (rows.length === keys.length) return { ok: true };
    const debited = new Set(rows.map((row) => row.key));
    if (debited.size > 0 && !transaction) {
      const refund = keys.filter((key) => debited.has(key));
      await dbPool().query(REFUND_SQL, [refund, refund.map((key) => demand.get(key)!.count)]);
    }
    return refusal(
      events,
      demand,
      keys.filter((key) => !debited.has(key)),
    );
  }
}

/**
 * Forgets the buckets idle long enough to be full again (each scheduler tick), in batches taken
 * in key order and skipping the rows a request holds, so that pruning never deadlocks ingest.
 */
export async function pruneRateBuckets(batch = 10_000, maxBatches = 20): Promise<number> {
  let deleted = 0;
  for (let n = 0; n < maxBatches; n++) {
    const { rowCount } = await dbPool().query(
      `DELETE FROM ingest_rate_buckets WHERE key IN (
         SELECT key FROM ingest_rate_buckets WHERE at < clock_timestamp() - make_interval(secs => $1)
         ORDER BY key LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [IDLE_BUCKET_SECONDS, batch],
    );
    deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < batch) break;
  }
  return deleted;
}
