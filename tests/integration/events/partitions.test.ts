import { readdirSync, readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/prisma";
import { dbPool } from "@/lib/db/pool";
import { assertBackfillKept } from "@/lib/destinations/backfills";
import { ensureEventPartitions, listEventPartitions, partitionTable } from "@/lib/events/partitions";
import {
  daysHeldFor,
  dropExpiredEventPartitions,
  eventsKeptSince,
  retentionCutoff,
} from "@/lib/events/retention";
import { exportDestination } from "@/lib/exports/export-workflow";
import { storeEvents } from "@/lib/ingest/store-events";
import { withEmptyDatabase } from "@/tests/support/empty-database";
import { exportTestBed, fastStep, TEST_WORKER } from "@/tests/support/export-test-bed";

// Issue 18, item 6: `events` partitioned by upload day. The migration keeps an existing table
// as one partition; each tick creates days ahead and moves rows the DEFAULT partition took
// into a day of their own; retention drops a day only once it is past the retention and
// every live destination that covers it has delivered it. The days used here are in 2000-2001,
// which no other test touches; `now` is passed in.

const bed = exportTestBed("retention");
const at = (iso: string) => new Date(iso);

/** Stores `count` events of the test's project, then dates them `uploadedAt` (as if uploaded then). */
async function storeUploadedAt(uploadedAt: string, count = 3): Promise<string> {
  const tag = randomUUID().slice(0, 8);
  await storeEvents(
    bed.project,
    Array.from({ length: count }, (_, index) => ({
      index,
      eventType: "retention",
      deviceId: `retention-${tag}-${index}`,
      userId: null,
      time: Date.now(),
      insertId: null,
      raw: { event_properties: { tag } },
    })),
    { receivedAt: new Date(), requestIp: null },
  );
  await db.$executeRawUnsafe(
    `UPDATE events SET server_upload_time = $1::timestamptz WHERE event_properties->>'tag' = $2`,
    uploadedAt,
    tag,
  );
  return tag;
}

/** Where each row of `tag` is stored: its partition, id and txid. */
const placeOf = (tag: string) =>
  db.$queryRawUnsafe<{ partition: string; id: string; txid: string }[]>(
    `SELECT tableoid::regclass::text AS partition, id::text, txid::text FROM events
      WHERE event_properties->>'tag' = $1 ORDER BY id`,
    tag,
  );

const partitionNames = async () => (await listEventPartitions()).map((partition) => partition.name);

afterAll(async () => {
  for (const { name, to } of await listEventPartitions())
    if (to && to <= at("2002-01-01T00:00:00Z")) await dbPool().query(`DROP TABLE ${partitionTable(name)}`);
  await db.eventRetention.deleteMany();
});

describe("the events partitions", () => {
  it("are today's and the next 7 days', beside a DEFAULT partition, once migrated", async () => {
    const today = new Date().toISOString().slice(0, 10).replaceAll("-", "");
    const names = await partitionNames();
    expect(names).toContain("events_default");
    expect(names).toContain(`events_${today}`);
    expect(names.filter((name) => /^events_\d{8}$/.test(name)).length).toBeGreaterThanOrEqual(8);
  });

  it("are created ahead by the scheduler, and take back the days the DEFAULT partition held", async () => {
    // Uploaded on a day without a partition: the insert does not fail, the row waits in DEFAULT.
    const tag = await storeUploadedAt("2000-12-20T05:00:00Z");
    const before = await placeOf(tag);
    expect(before.map((row) => row.partition)).toEqual(Array(3).fill("event_partitions.events_default"));

    const created = await ensureEventPartitions(at("2001-01-01T12:00:00Z"));
    expect(created).toEqual(
      expect.arrayContaining([
        "events_20001220",
        ...["01", "02", "03", "04", "05", "06", "07", "08"].map((day) => `events_200101${day}`),
      ]),
    );
    // The same rows, with their ids and transaction ids, now in their day's partition.
    expect(await placeOf(tag)).toEqual(
      before.map((row) => ({ ...row, partition: "event_partitions.events_20001220" })),
    );
    // Nothing left to do the next time.
    expect(await ensureEventPartitions(at("2001-01-01T12:00:00Z"))).toEqual([]);
  });

  it("are dropped past retention once every live destination covering them has delivered them", async () => {
    await ensureEventPartitions(at("2001-01-01T12:00:00Z"));
    const destinationId = await bed.newDestination(`retention_${randomUUID().slice(0, 6)}`);
    // The recurring export covers the days from 2001-01-01 (as if the destination were made then).
    await db.destination.update({
      where: { id: destinationId },
      data: { exportFrom: at("2001-01-01T00:00:00Z") },
    });
    await storeUploadedAt("2001-01-02T10:00:00Z");
    await storeUploadedAt("2001-01-04T10:00:00Z");
    const later = at("2001-03-01T00:00:00Z");
    expect(retentionCutoff(later, 30)).toEqual(at("2001-01-30T00:00:00Z"));

    // Past retention, but not delivered: kept, and the destination named. Days that hold no
    // event a live destination needs are dropped.
    let outcome = await dropExpiredEventPartitions(later, 30);
    expect(outcome.dropped).toEqual(expect.arrayContaining(["events_20010101", "events_20010103"]));
    expect(outcome.dropped).not.toContain("events_20010102");
    expect(outcome.kept).toEqual(
      expect.arrayContaining([
        { partition: "events_20010102", destinationIds: [destinationId] },
        { partition: "events_20010104", destinationIds: [destinationId] },
      ]),
    );

    expect(await exportDestination(fastStep(), destinationId, TEST_WORKER)).toMatchObject({
      status: "succeeded",
      rows: 6,
    });
    // Delivered, but within retention (19 days later): kept.
    expect((await dropExpiredEventPartitions(at("2001-01-20T00:00:00Z"), 30)).dropped).toEqual([]);

    // A running backfill that has not reached 2001-01-02 still needs that day.
    const backfill = await db.backfill.create({
      data: {
        destinationId,
        from: at("2000-12-01T00:00:00Z"),
        to: at("2001-01-03T00:00:00Z"),
        cursor: at("2001-01-02T00:00:00Z"),
      },
    });
    outcome = await dropExpiredEventPartitions(later, 30);
    expect(outcome.dropped).toContain("events_20010104");
    expect(outcome.dropped).not.toContain("events_20010102");
    expect(outcome.kept).toContainEqual({ partition: "events_20010102", destinationIds: [destinationId] });
    await db.backfill.update({ where: { id: backfill.id }, data: { status: "COMPLETED" } });

    // Events stored after the export's window (their transactions are past its watermark).
    // (2001-01-05 was dropped, empty: its rows wait in DEFAULT until the next tick gives them their day.)
    const undelivered = await storeUploadedAt("2001-01-05T10:00:00Z");
    expect(await ensureEventPartitions(later)).toContain("events_20010105");
    outcome = await dropExpiredEventPartitions(later, 30);
    expect(outcome.dropped).toContain("events_20010102");
    expect(outcome.kept).toContainEqual({ partition: "events_20010105", destinationIds: [destinationId] });
    expect(await placeOf(undelivered)).toHaveLength(3);

    // Paused, it still counts; deleted, it no longer does.
    await db.destination.update({ where: { id: destinationId }, data: { state: "PAUSED" } });
    expect((await dropExpiredEventPartitions(later, 30)).dropped).not.toContain("events_20010105");
    // Its page says what it holds back; another destination holds nothing.
    expect(await daysHeldFor(destinationId, later, 30)).toEqual({ days: 1, from: "2001-01-05" });
    expect(
      await daysHeldFor(await bed.newDestination(`retention_${randomUUID().slice(0, 6)}`), later, 30),
    ).toBeNull();
    await db.destination.update({ where: { id: destinationId }, data: { deletedAt: new Date() } });
    expect((await dropExpiredEventPartitions(later, 30)).dropped).toContain("events_20010105");
    expect(await placeOf(undelivered)).toEqual([]);

    // What the export delivered is still in the warehouse; nothing of the dropped days in Postgres.
    const { table } = await db.destination.findUniqueOrThrow({ where: { id: destinationId } });
    const [delivered] = await bed.admin.query(`SELECT count(*) AS n FROM main.analytics.${table}`);
    expect(Number(delivered!.n)).toBe(6);
    const names = await partitionNames();
    for (const day of ["20001220", "20010102", "20010104", "20010105"])
      expect(names).not.toContain(`events_${day}`);
    // The de-duplication window is never cut short, however short the retention.
    expect(retentionCutoff(later, 1)).toEqual(at("2001-02-22T00:00:00Z"));

    // While a backfill is being started (its transaction holds the retention lock shared, from
    // its check of what is kept to its creation), no day is dropped; the next tick drops it.
    await storeUploadedAt("2001-01-06T10:00:00Z");
    await ensureEventPartitions(later);
    let release!: () => void;
    const starting = db.$transaction(async (tx) => {
      await eventsKeptSince(tx);
      await new Promise<void>((resolve) => (release = resolve));
    });
    await vi.waitFor(() => expect(release).toBeDefined());
    expect((await dropExpiredEventPartitions(later, 30)).dropped).toEqual([]);
    release();
    await starting;
    expect((await dropExpiredEventPartitions(later, 30)).dropped).toEqual(["events_20010106"]);

    // A backfill starts no earlier than what retention kept whole; the last day dropped before
    // 2001-01-05 came back was 2001-01-08, which held nothing.
    expect(await eventsKeptSince()).toEqual(at("2001-01-09T00:00:00Z"));
    await expect(assertBackfillKept({ backfillFrom: "2001-01-08" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      field: "backfillFrom",
      message:
        "Events uploaded before 2001-01-09 are no longer kept (retention removed them). Choose 2001-01-09 or later.",
    });
    await expect(assertBackfillKept({ backfillFrom: "2001-01-09" })).resolves.toBeUndefined();
  });
});

describe("the partitioning migration", () => {
  it("keeps a filled events table as one partition, without copying it, and goes on from its ids", async () => {
    await withEmptyDatabase("deltaport_partition", async (url) => {
      // A session far from UTC: the migration's days are UTC days all the same.
      const client = new pg.Client({
        connectionString: url,
        options: "-c TimeZone=America/Los_Angeles",
      });
      try {
        await client.connect();
        const migrations = readdirSync("prisma/migrations")
          .filter((dir) => /^\d{14}_/.test(dir))
          .sort();
        const partitioning = migrations.indexOf("20261201220000_events_partitioned_by_day");
        const apply = (dir: string) =>
          client.query(readFileSync(`prisma/migrations/${dir}/migration.sql`, "utf8"));
        for (const dir of migrations.slice(0, partitioning)) await apply(dir);

        // A deployment's table before the upgrade: a row from last year and one from today.
        const insert = (uploaded: string) =>
          client.query(
            `INSERT INTO events (project_id, uuid, event_time, event_type, amplitude_id, server_received_time,
             server_upload_time, client_event_time, client_upload_time, processed_time, app)
           VALUES ('p', gen_random_uuid(), $1, 'old', 1, $1, $1, $1, $1, $1, 1) RETURNING id::text`,
            [uploaded],
          );
        const lastYear = new Date(Date.now() - 365 * 86_400_000).toISOString();
        const ids = [
          (await insert(lastYear)).rows[0].id,
          (await insert(new Date().toISOString())).rows[0].id,
        ];
        const { rows: before } = await client.query(`SELECT pg_relation_filenode('events') AS node`);

        for (const dir of migrations.slice(partitioning)) await apply(dir);

        const { rows: partitions } = await client.query<{
          name: string;
          bound: string;
          node: string;
          from: Date;
          to: Date;
        }>(
          `SELECT c.relname AS name, b.bound, pg_relation_filenode(c.oid) AS node,
                (regexp_match(b.bound, 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz AS "from",
                (regexp_match(b.bound, 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS "to"
           FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           CROSS JOIN LATERAL (SELECT pg_get_expr(c.relpartbound, c.oid) AS bound) b
          WHERE i.inhparent = 'public.events'::regclass ORDER BY c.relname`,
        );
        const legacy = partitions.find((partition) => partition.name === "events_legacy")!;
        // The same file on disk: attached, not copied.
        expect(legacy.node).toBe(before[0].node);
        expect(legacy.bound).toMatch(/^FOR VALUES FROM \(MINVALUE\) TO \('.+'\)$/);
        expect(partitions.map((partition) => partition.name)).toContain("events_default");
        // The days after the legacy partition's end, up to a week ahead, each named after its UTC day.
        const days = partitions.filter((partition) => /^events_\d{8}$/.test(partition.name));
        expect(days.length).toBe(7);
        for (const { name, from, to } of days) {
          expect(name).toBe(`events_${from.toISOString().slice(0, 10).replaceAll("-", "")}`);
          expect([from.getUTCHours(), to.getTime() - from.getTime()]).toEqual([0, 86_400_000]);
        }

        const { rows } = await client.query(`SELECT id::text FROM events ORDER BY id`);
        expect(rows.map((row) => row.id)).toEqual(ids);
        const next = (await insert(new Date().toISOString())).rows[0].id;
        expect(BigInt(next)).toBeGreaterThan(BigInt(ids[1]));
      } finally {
        await client.end();
      }
    });
  });
});
