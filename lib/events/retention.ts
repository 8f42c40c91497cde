import "server-only";
import type pg from "pg";
import { dbPool } from "@/lib/db/pool";
import { db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import {
  addDays,
  dropEventPartition,
  type EventPartition,
  listEventPartitions,
  partitionTable,
  startOfDayUtc,
} from "@/lib/events/partitions";
import { DEDUPE_WINDOW_DAYS } from "@/lib/ingest/limits";
import { log } from "@/lib/log";

// Retention: a day of events (one partition, lib/events/partitions.ts) is dropped when all of
// these hold:
//   - it ended more than EVENT_RETENTION_DAYS ago (default 30), and more than the 7-day
//     insert_id de-duplication window ago;
//   - every live destination (not deleted, nor its project) has delivered the day's events of
//     its project that it covers: its recurring export, from its time floor, has a watermark
//     past every such row (watermarks are transaction ids, lib/events/watermark.ts), and no
//     running backfill still has rows of the day ahead of its cursor.
// A paused or failing destination therefore keeps its undelivered days until it delivers them
// or is deleted. Whole days only: nothing deletes rows one by one.

/** The start of the oldest day retention keeps: days that end at or before it may be dropped. */
export function retentionCutoff(now: Date, retentionDays = env().EVENT_RETENTION_DAYS): Date {
  return addDays(startOfDayUtc(now), -Math.max(retentionDays, DEDUPE_WINDOW_DAYS));
}

/**
 * The live destinations that still need rows of the partition: rows of their project at or
 * past their recurring watermark (from their time floor), or ahead of a running backfill's
 * cursor. Each probe is an index range scan of the partition. (Prisma keeps the portal's
 * times as UTC in columns without a time zone, hence AT TIME ZONE 'UTC'.)
 */
export async function destinationsStillNeeding(
  partition: string,
  client: pg.Pool | pg.PoolClient = dbPool(),
  { only }: { only?: string } = {},
): Promise<string[]> {
  const events = partitionTable(partition);
  const { rows } = await client.query<{ id: string }>(
    `SELECT d.id FROM "Destination" d JOIN "Project" p ON p.id = d."projectId"
      WHERE d."deletedAt" IS NULL AND p."deletedAt" IS NULL AND ($1::text IS NULL OR d.id = $1)
        AND (EXISTS (SELECT 1 FROM ${events} e
                      WHERE e.project_id = d."projectId"
                        AND e.server_upload_time >= (d."exportFrom" AT TIME ZONE 'UTC')
                        AND (d."watermarkTxid" IS NULL OR e.txid >= d."watermarkTxid"))
          OR EXISTS (SELECT 1 FROM "Backfill" b
                      WHERE b."destinationId" = d.id AND b.status = 'RUNNING'
                        AND EXISTS (SELECT 1 FROM ${events} e
                                     WHERE e.project_id = d."projectId"
                                       AND e.server_upload_time >= (b.cursor AT TIME ZONE 'UTC')
                                       AND e.server_upload_time < (b."to" AT TIME ZONE 'UTC'))))
      ORDER BY d.id`,
    [only ?? null],
  );
  return rows.map((row) => row.id);
}

/** The day partitions past retention (the DEFAULT one never is). */
const expiredPartitions = async (now: Date, retentionDays: number) => {
  const cutoff = retentionCutoff(now, retentionDays);
  return (await listEventPartitions()).filter(
    (partition): partition is EventPartition & { to: Date } =>
      !partition.isDefault && partition.to !== null && partition.to <= cutoff,
  );
};

/**
 * The days past retention that `destinationId` has not delivered (paused, failing or catching
 * up), which are kept for it: how many, and the first (YYYY-MM-DD, or null for the rows from
 * before partitioning). Null when there are none. One index probe per day past retention.
 */
export async function daysHeldFor(
  destinationId: string,
  now = new Date(),
  retentionDays = env().EVENT_RETENTION_DAYS,
): Promise<{ days: number; from: string | null } | null> {
  const held: EventPartition[] = [];
  for (const partition of await expiredPartitions(now, retentionDays)) {
    const needing = await destinationsStillNeeding(partition.name, dbPool(), { only: destinationId }).catch(
      // Dropped since it was listed (undefined_table): it holds nothing any more.
      (error: { code?: string }) => (error.code === "42P01" ? [] : Promise.reject(error)),
    );
    if (needing.length) held.push(partition);
  }
  if (held.length === 0) return null;
  return { days: held.length, from: held[0]!.from?.toISOString().slice(0, 10) ?? null };
}

export type RetentionOutcome = { dropped: string[]; kept: { partition: string; destinationIds: string[] }[] };

/** Drops the partitions past retention that every live destination has delivered, oldest first. */
export async function dropExpiredEventPartitions(
  now = new Date(),
  retentionDays = env().EVENT_RETENTION_DAYS,
): Promise<RetentionOutcome> {
  const expired = await expiredPartitions(now, retentionDays);
  const outcome: RetentionOutcome = { dropped: [], kept: [] };
  for (const { name, to } of expired) {
    let needing = await destinationsStillNeeding(name);
    const result = needing.length
      ? "kept"
      : await dropEventPartition(name, {
          // Waits for backfills being started (they hold this lock shared while they check
          // eventsKeptSince), then sees them in its last check.
          lockFirst: RETENTION_LOCK,
          beforeDrop: async (client) => {
            needing = await destinationsStillNeeding(name, client);
            if (needing.length) return false;
            await client.query(
              `INSERT INTO event_retention (id, dropped_before) VALUES ('events', $1::timestamptz)
               ON CONFLICT (id) DO UPDATE SET dropped_before = greatest(event_retention.dropped_before, excluded.dropped_before)`,
              [to.toISOString()],
            );
            return true;
          },
        });
    if (result === "busy") break;
    if (result === "dropped") outcome.dropped.push(name);
    else outcome.kept.push({ partition: name, destinationIds: needing });
  }
  if (outcome.dropped.length)
    log().info({ partitions: outcome.dropped }, "event partitions dropped by retention");
  if (outcome.kept.length)
    log().debug(
      { kept: outcome.kept },
      "event partitions past retention kept for destinations that have not delivered them",
    );
  return outcome;
}

const RETENTION_LOCK = "deltaport:event-retention";

/**
 * Events uploaded before this may have been dropped by retention (null: nothing was ever
 * dropped). Backfills start no earlier. Given a transaction, holds the retention lock shared
 * until it ends, so that no day is dropped between this check and the backfill's creation.
 */
export async function eventsKeptSince(tx?: Prisma.TransactionClient): Promise<Date | null> {
  if (tx)
    await tx.$queryRawUnsafe(
      `SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))::text`,
      RETENTION_LOCK,
    );
  const row = await (tx ?? db).eventRetention.findUnique({ where: { id: "events" } });
  return row?.droppedBefore ?? null;
}

/** What the backfill forms say about retention: days kept, and the first day still whole (YYYY-MM-DD). */
export type RetentionFacts = { days: number; keptSince: string | null };

export async function retentionFacts(): Promise<RetentionFacts> {
  const keptSince = await eventsKeptSince();
  return { days: env().EVENT_RETENTION_DAYS, keptSince: keptSince?.toISOString().slice(0, 10) ?? null };
}
