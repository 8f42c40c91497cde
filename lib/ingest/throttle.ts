import "server-only";
import { dbPool } from "@/lib/db/pool";

// Per-device and per-user rate limits, shared by every instance of the portal: token buckets in
// PostgreSQL (ingest_rate_buckets), refilled at the configured events per second with a
// 30-second burst, as Amplitude averages over 30 s. A request over the limit is answered 429
// whole and consumes nothing. One statement per request, whatever its number of devices and
// users: it locks the request's existing buckets, refills them, checks every one, and takes the
// tokens only if all have enough.

const BURST_SECONDS = 30;
/** Buckets idle this long are full again (even one overdrawn by a concurrent first request). */
export const IDLE_BUCKET_SECONDS = 2 * BURST_SECONDS;

export type ThrottleVerdict =
  | { ok: true }
  | { ok: false; devices: Record<string, number>; users: Record<string, number>; events: number[] };

type Demand = Map<string, { kind: "d" | "u"; id: string; count: number }>;

function demandOf(prefix: string, events: { deviceId: string | null; userId: string | null }[]): Demand {
  const demand: Demand = new Map();
  const add = (kind: "d" | "u", id: string) => {
    const key = `${prefix}|${kind}|${id}`;
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

// $1 keys, $2 counts, $3 capacity, $4 refill per second. A bucket with no row is full. Two
// first requests for one key at once both see it full; the second's upsert then refills and
// debits the row the first wrote (possibly below zero: that key waits longer), so nothing is
// taken twice from a bucket that exists.
const TAKE_SQL = `
WITH demand AS (
  SELECT key, n FROM unnest($1::text[], $2::int[]) AS d(key, n)
), locked AS (
  SELECT b.key, b.tokens, b.at FROM ingest_rate_buckets b JOIN demand USING (key) ORDER BY b.key FOR UPDATE OF b
), state AS (
  SELECT d.key, d.n,
    least($3::float8, coalesce(l.tokens + extract(epoch FROM clock_timestamp() - l.at) * $4::float8, $3::float8)) AS available
  FROM demand d LEFT JOIN locked l USING (key)
), verdict AS (
  SELECT bool_and(available >= n) AS ok FROM state
), taken AS (
  INSERT INTO ingest_rate_buckets AS b (key, tokens, at)
  SELECT key, available - n, clock_timestamp() FROM state WHERE (SELECT ok FROM verdict)
  ON CONFLICT (key) DO UPDATE SET
    tokens = least($3::float8, b.tokens + extract(epoch FROM EXCLUDED.at - b.at) * $4::float8)
      - (SELECT d.n FROM demand d WHERE d.key = EXCLUDED.key),
    at = EXCLUDED.at
  RETURNING 1
)
SELECT key FROM state WHERE available < n`;

export class SharedEventRateLimiter {
  constructor(
    /** Keeps one endpoint's buckets apart from another's (their rates differ). */
    private readonly endpoint: string,
    readonly epsPerId: number,
  ) {}

  /** Takes one token per event from its device's and user's buckets, or none if any would run dry. */
  async take(
    projectId: string,
    events: { index: number; deviceId: string | null; userId: string | null }[],
  ): Promise<ThrottleVerdict> {
    const demand = demandOf(`${this.endpoint}|${projectId}`, events);
    if (demand.size === 0) return { ok: true };
    const keys = [...demand.keys()];
    const { rows } = await dbPool().query<{ key: string }>(TAKE_SQL, [
      keys,
      keys.map((key) => demand.get(key)!.count),
      this.epsPerId * BURST_SECONDS,
      this.epsPerId,
    ]);
    if (rows.length === 0) return { ok: true };
    const devices: Record<string, number> = {};
    const users: Record<string, number> = {};
    for (const { key } of rows) {
      const { kind, id, count } = demand.get(key)!;
      (kind === "d" ? devices : users)[id] = count;
    }
    const throttled = events
      .filter((e) => (e.deviceId && e.deviceId in devices) || (e.userId && e.userId in users))
      .map((e) => e.index);
    return { ok: false, devices, users, events: throttled };
  }
}

/** Forgets the buckets idle long enough to be full again (each scheduler tick). */
export async function pruneRateBuckets(): Promise<number> {
  const { rowCount } = await dbPool().query(
    `DELETE FROM ingest_rate_buckets WHERE at < clock_timestamp() - make_interval(secs => $1)`,
    [IDLE_BUCKET_SECONDS],
  );
  return rowCount ?? 0;
}
