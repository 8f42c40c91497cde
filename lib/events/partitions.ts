import "server-only";
import type pg from "pg";
import { dbPool, withTransaction } from "@/lib/db/pool";
import { log } from "@/lib/log";

// `events` is partitioned by day (UTC) of server_upload_time (migration
// 20261201220000_events_partitioned_by_day). The partitions live in the schema
// event_partitions, which Prisma neither reads nor migrates; this file keeps them: today's and
// the next days' are created ahead by each scheduler tick, and rows that the DEFAULT partition
// took (the scheduler was stopped for days) are moved into a partition of their own day, so
// that retention (lib/events/retention.ts) only ever drops whole days.

export const PARTITION_SCHEMA = "event_partitions";
export const DEFAULT_PARTITION = "events_default";
/** Days created ahead of today: ingest keeps landing in day partitions through a week-long scheduler outage. */
export const PARTITION_DAYS_AHEAD = 7;

const DAY_MS = 86_400_000;
const PARTITION_NAME = /^events_[a-z0-9_]+$/;
// Partition DDL waits at most this long for each of its locks (an export's read holds them);
// then the next tick tries again, so that statements queued behind it wait no longer than this.
const LOCK_TIMEOUT = "1s";
const MAINTENANCE_LOCK = "deltaport:event-partitions";

/** A partition of `events`: its range [from, to) of upload times (null: unbounded), or the DEFAULT one. */
export type EventPartition = { name: string; from: Date | null; to: Date | null; isDefault: boolean };

export const startOfDayUtc = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
export const addDays = (at: Date, days: number) => new Date(at.getTime() + days * DAY_MS);
export const dayPartitionName = (day: Date) => `events_${day.toISOString().slice(0, 10).replaceAll("-", "")}`;

/** A partition's qualified name, for SQL: only names this file could have made are accepted. */
export function partitionTable(name: string): string {
  if (!PARTITION_NAME.test(name)) throw new Error(`Not an events partition: ${name}`);
  return `"${PARTITION_SCHEMA}"."${name}"`;
}

/** The partitions of `events`, oldest first (bounds cast back in SQL, so the session's time zone cannot matter). */
export async function listEventPartitions(
  client: pg.Pool | pg.PoolClient = dbPool(),
): Promise<EventPartition[]> {
  const { rows } = await client.query<{
    name: string;
    from: Date | null;
    to: Date | null;
    is_default: boolean;
  }>(
    `SELECT c.relname AS name,
            (regexp_match(b.bound, 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz AS "from",
            (regexp_match(b.bound, 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS "to",
            b.bound = 'DEFAULT' AS is_default
       FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid
       CROSS JOIN LATERAL (SELECT pg_get_expr(c.relpartbound, c.oid) AS bound) b
      WHERE i.inhparent = 'public.events'::regclass AND c.relnamespace = '${PARTITION_SCHEMA}'::regnamespace
      ORDER BY "from" NULLS FIRST, name`,
  );
  return rows.map((row) => ({ name: row.name, from: row.from, to: row.to, isDefault: row.is_default }));
}

const covers = (partition: EventPartition, day: Date) =>
  !partition.isDefault &&
  (partition.from === null || partition.from <= day) &&
  (partition.to === null || partition.to > day);

/**
 * How far ahead the day partitions reach: the last day (from today, without a gap) that has
 * one, or null when today has none. Well short of PARTITION_DAYS_AHEAD, the scheduler is not
 * keeping them ahead (stopped, or its database role may not create them); past the last day,
 * new events land in DEFAULT.
 */
export async function partitionsThrough(now = new Date()): Promise<Date | null> {
  const partitions = await listEventPartitions();
  let through: Date | null = null;
  for (
    let day = startOfDayUtc(now);
    partitions.some((partition) => covers(partition, day));
    day = addDays(day, 1)
  )
    through = day;
  return through;
}

/** Days that rows in the DEFAULT partition belong to. It is empty while the scheduler runs. */
async function strayDays(): Promise<Date[]> {
  const { rows } = await dbPool().query<{ day: Date }>(
    `SELECT DISTINCT date_trunc('day', server_upload_time, 'UTC') AS day
       FROM ${partitionTable(DEFAULT_PARTITION)} ORDER BY day`,
  );
  return rows.map((row) => row.day);
}

/**
 * Creates the partitions of today and the next PARTITION_DAYS_AHEAD days that are missing, and
 * one for each day whose rows the DEFAULT partition holds (moving them there). Returns the
 * partitions created. Skips its turn while another tick is at it.
 */
export async function ensureEventPartitions(now = new Date()): Promise<string[]> {
  const partitions = await listEventPartitions();
  const today = startOfDayUtc(now);
  const ahead = Array.from({ length: PARTITION_DAYS_AHEAD + 1 }, (_, index) => addDays(today, index));
  // Days ahead first: a failure with the rarer stray days cannot keep them from being made.
  const byTime = new Map([...ahead, ...(await strayDays())].map((day) => [day.getTime(), day]));
  const days = [...byTime.values()].filter((day) => !partitions.some((partition) => covers(partition, day)));
  const created: string[] = [];
  for (const day of days) {
    if (!(await createDayPartition(day).catch(skipOnLockTimeout))) break;
    created.push(dayPartitionName(day));
  }
  if (created.length) log().info({ partitions: created }, "event partitions created");
  return created;
}

/**
 * One day's partition: made as a plain table, filled with the day's rows from the DEFAULT
 * partition, then attached. Attaching takes a lighter lock on `events` than CREATE TABLE …
 * PARTITION OF, which would block every insert; only the DEFAULT partition is locked
 * exclusively (a day cannot be attached while it holds rows of that day, hence the move in the
 * same transaction). When rows move, `events` itself is locked first: a query that had listed
 * the partitions before the new one was attached would miss the moved rows.
 */
async function createDayPartition(day: Date): Promise<boolean> {
  const name = dayPartitionName(day);
  const table = partitionTable(name);
  const next = addDays(day, 1);
  const range = [day.toISOString(), next.toISOString()];
  return withTransaction(async (client) => {
    if (!(await holdMaintenanceLock(client))) return false;
    const { rows } = await client.query(`SELECT to_regclass($1) AS existing`, [table]);
    if (rows[0].existing) {
      if ((await listEventPartitions(client)).some((partition) => partition.name === name)) return true;
      throw new Error(`${table} exists but is not a partition of events: attach or drop it by hand`);
    }
    await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
    const { rows: stray } = await client.query(
      `SELECT 1 FROM ${partitionTable(DEFAULT_PARTITION)}
        WHERE server_upload_time >= $1::timestamptz AND server_upload_time < $2::timestamptz LIMIT 1`,
      range,
    );
    if (stray.length) await client.query(`LOCK TABLE public.events IN ACCESS EXCLUSIVE MODE`);
    await client.query(`LOCK TABLE ${partitionTable(DEFAULT_PARTITION)} IN ACCESS EXCLUSIVE MODE`);
    await client.query(`CREATE TABLE ${table} (LIKE public.events INCLUDING DEFAULTS)`);
    // The rows keep their columns, txid included: export windows find them where they were.
    await client.query(
      `WITH moved AS (
         DELETE FROM ${partitionTable(DEFAULT_PARTITION)}
          WHERE server_upload_time >= $1::timestamptz AND server_upload_time < $2::timestamptz
          RETURNING *)
       INSERT INTO ${table} SELECT * FROM moved`,
      range,
    );
    await client.query(
      `ALTER TABLE public.events ATTACH PARTITION ${table}
         FOR VALUES FROM ('${day.toISOString()}') TO ('${next.toISOString()}')`,
    );
    return true;
  });
}

/**
 * Drops one partition, unless `beforeDrop` (the caller's last check, and its record of the
 * drop, in the same transaction) says no: "kept". "busy" when another tick holds the
 * maintenance lock or a lock did not come in time. `lockFirst` names an advisory lock the
 * caller's check relies on, taken before the tables are locked (so that no insert waits on it).
 */
export async function dropEventPartition(
  name: string,
  { lockFirst, beforeDrop }: { lockFirst: string; beforeDrop: (client: pg.PoolClient) => Promise<boolean> },
): Promise<"dropped" | "kept" | "busy"> {
  return withTransaction<"dropped" | "kept" | "busy">(async (client) => {
    if (!(await holdMaintenanceLock(client))) return "busy";
    await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [lockFirst]);
    // The locks DROP takes, in the order readers take them (parent first), so that no reader
    // deadlocks with it; then the last check: nothing can be written to the day in between.
    await client.query(
      `LOCK TABLE public.events, ${partitionTable(DEFAULT_PARTITION)}, ${partitionTable(name)} IN ACCESS EXCLUSIVE MODE`,
    );
    if (!(await beforeDrop(client))) return "kept";
    await client.query(`DROP TABLE ${partitionTable(name)}`);
    return "dropped";
  }).catch((error: unknown) => (skipOnLockTimeout(error), "busy"));
}

/** A lock that did not come within LOCK_TIMEOUT (or a deadlock): the next tick tries again. Anything else is an error. */
export function skipOnLockTimeout(error: unknown): false {
  const code = (error as { code?: string }).code;
  if (code !== "55P03" && code !== "40P01") throw error;
  log().warn("event partition maintenance waited too long for a lock; the next tick tries again");
  return false;
}

async function holdMaintenanceLock(client: pg.PoolClient): Promise<boolean> {
  const { rows } = await client.query<{ held: boolean }>(
    `SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS held`,
    [MAINTENANCE_LOCK],
  );
  return rows[0]!.held;
}
