import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverCatalog } from "@/inngest/functions/discover-catalog";
import { discoverAll, discoverProject } from "@/lib/catalog/discovery";
import { db } from "@/lib/db/prisma";
import { storeEvents } from "@/lib/ingest/store-events";
import type { IncomingEvent } from "@/lib/ingest/validate";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";

// Issue 17: the catalog discovered from stored events. Each test has projects of its own (the
// database is shared with other files, whose events discovery must not mix in).

type Project = { id: string; appId: bigint };
const created: string[] = [];
let organizationId: string;

async function newProject(): Promise<Project> {
  const tag = randomUUID().slice(0, 8);
  const project = await db.project.create({
    data: {
      organizationId,
      slug: `catalog-${tag}`,
      name: `Catalog ${tag}`,
      apiKey: `catalog-${randomUUID()}`,
    },
    select: { id: true, appId: true },
  });
  created.push(project.id);
  return project;
}

let index = 0;
const event = (
  eventType: string,
  raw: Record<string, unknown> = {},
  deviceId = "catalog-device",
): IncomingEvent => ({
  index: index++,
  eventType,
  deviceId,
  userId: null,
  time: null,
  insertId: null,
  raw: { event_type: eventType, ...raw },
});
const store = (project: Project, ...events: IncomingEvent[]) =>
  storeEvents(project, events, { receivedAt: new Date(), requestIp: null });

const INSERT_EVENT = `INSERT INTO events (uuid, project_id, event_time, event_type, amplitude_id, server_received_time,
  server_upload_time, client_event_time, client_upload_time, processed_time, app, event_properties)
  VALUES (gen_random_uuid(), $1, $3, $2, 1, $3, $3, $3, $3, $3, 1, $4::jsonb)`;

/** An event stored at `at` (server upload time), as the store would write it. */
const storeAt = (project: Project, eventType: string, at: string, properties: object = {}) =>
  db.$executeRawUnsafe(INSERT_EVENT, project.id, eventType, new Date(at), JSON.stringify(properties));

/** What the catalog holds for a project, without its id, in a stable order. */
async function catalogOf(projectId: string) {
  const [eventTypes, days, properties] = await Promise.all([
    db.catalogEventType.findMany({
      where: { projectId },
      orderBy: { eventType: "asc" },
      select: { eventType: true, firstSeen: true, lastSeen: true, status: true },
    }),
    db.catalogEventTypeDay.findMany({
      where: { projectId },
      orderBy: [{ eventType: "asc" }, { day: "asc" }],
      select: { eventType: true, day: true, events: true },
    }),
    db.catalogProperty.findMany({
      where: { projectId },
      orderBy: [{ scope: "asc" }, { eventType: "asc" }, { name: "asc" }],
      select: { scope: true, eventType: true, name: true, types: true, firstSeen: true, lastSeen: true },
    }),
  ]);
  return { eventTypes, days, properties };
}

async function lastEventKey(projectId: string) {
  const [row] = await db.$queryRawUnsafe<{ txid: bigint; id: bigint }[]>(
    `SELECT txid, id FROM events WHERE project_id = $1 ORDER BY txid DESC, id DESC LIMIT 1`,
    projectId,
  );
  return row!;
}

const CATALOG_TABLES = [
  "catalog_event_types",
  "catalog_event_type_days",
  "catalog_properties",
  "catalog_discovery",
];

/**
 * Runs `work`, which discovers every live project of the shared database, then puts the
 * catalog of every project but this file's back as it was.
 */
async function leavingOtherCatalogsAsTheyWere<T>(work: () => Promise<T>): Promise<T> {
  const saved = new Map<string, unknown>();
  for (const table of CATALOG_TABLES) {
    const [row] = await db.$queryRawUnsafe<{ rows: unknown }[]>(
      `SELECT COALESCE(jsonb_agg(t), '[]'::jsonb) AS rows FROM ${table} t WHERE project_id <> ALL($1::text[])`,
      created,
    );
    saved.set(table, row!.rows);
  }
  try {
    return await work();
  } finally {
    for (const table of CATALOG_TABLES) {
      await db.$executeRawUnsafe(`DELETE FROM ${table} WHERE project_id <> ALL($1::text[])`, created);
      await db.$executeRawUnsafe(
        `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`,
        JSON.stringify(saved.get(table)),
      );
    }
  }
}

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  organizationId = (await db.project.findUniqueOrThrow({ where: { apiKey: DEFAULT_DEMO_API_KEY } }))
    .organizationId;
});
afterAll(async () => {
  const where = { projectId: { in: created } };
  await db.catalogEventType.deleteMany({ where });
  await db.catalogEventTypeDay.deleteMany({ where });
  await db.catalogProperty.deleteMany({ where });
  await db.catalogDiscovery.deleteMany({ where });
  await db.event.deleteMany({ where });
  await db.project.deleteMany({ where: { id: { in: created } } });
  await db.$disconnect();
});

describe("catalog discovery", () => {
  it("finds event types, daily counts, event and user properties with their types, and advances its watermark", async () => {
    const project = await newProject();
    await store(
      project,
      event("Song Played", { event_properties: { title: "Blue", duration: 120 } }),
      event("Song Played", { event_properties: { title: "Red", duration: "2:00", explicit: false } }),
      event("Signed Up", { event_properties: { plan: "pro" }, user_properties: { age: 31, city: "Oslo" } }),
    );
    await storeAt(project, "Daily", "2026-03-01T23:59:59.000Z", { n: 1 });
    await storeAt(project, "Daily", "2026-03-02T00:00:00.000Z", { n: [1] });
    await storeAt(project, "Daily", "2026-03-02T12:00:00.000Z");

    expect(await discoverProject(project.id)).toEqual({ read: 6, more: false });

    const catalog = await catalogOf(project.id);
    expect(catalog.eventTypes.map((type) => [type.eventType, type.status])).toEqual([
      ["Daily", "LIVE"],
      ["Signed Up", "LIVE"],
      ["Song Played", "LIVE"],
    ]);
    const daily = catalog.eventTypes.find((type) => type.eventType === "Daily")!;
    expect(daily.firstSeen).toEqual(new Date("2026-03-01T23:59:59.000Z"));
    expect(daily.lastSeen).toEqual(new Date("2026-03-02T12:00:00.000Z"));
    // Per UTC day of the upload time.
    expect(
      catalog.days
        .filter((day) => day.eventType === "Daily")
        .map((day) => [day.day.toISOString().slice(0, 10), day.events]),
    ).toEqual([
      ["2026-03-01", 1n],
      ["2026-03-02", 2n],
    ]);
    expect(catalog.days.find((day) => day.eventType === "Song Played")?.events).toBe(2n);

    const typesOf = (scope: "EVENT" | "USER", eventType: string) =>
      Object.fromEntries(
        catalog.properties
          .filter((property) => property.scope === scope && property.eventType === eventType)
          .map((property) => [property.name, property.types]),
      );
    expect(typesOf("EVENT", "Song Played")).toEqual({
      duration: ["number", "string"],
      explicit: ["boolean"],
      title: ["string"],
    });
    expect(typesOf("EVENT", "Signed Up")).toEqual({ plan: ["string"] });
    expect(typesOf("EVENT", "Daily")).toEqual({ n: ["array", "number"] });
    // User properties, as each event carries them, under the empty event type.
    expect(typesOf("USER", "")).toEqual({ age: ["number"], city: ["string"] });

    const watermark = await db.catalogDiscovery.findUniqueOrThrow({ where: { projectId: project.id } });
    const last = await lastEventKey(project.id);
    expect([watermark.lastTxid, watermark.lastId]).toEqual([last.txid, last.id]);

    // Nothing new: nothing read, nothing counted twice.
    expect(await discoverProject(project.id)).toEqual({ read: 0, more: false });
    expect(await catalogOf(project.id)).toEqual(catalog);

    // New types of a known property are merged in, without duplicates.
    await store(project, event("Song Played", { event_properties: { duration: null, title: "Green" } }));
    expect(await discoverProject(project.id)).toEqual({ read: 1, more: false });
    const song = await db.catalogProperty.findUniqueOrThrow({
      where: {
        projectId_scope_eventType_name: {
          projectId: project.id,
          scope: "EVENT",
          eventType: "Song Played",
          name: "duration",
        },
      },
    });
    expect(song.types).toEqual(["null", "number", "string"]);
  });

  it("waits for a transaction still open while it runs, and reads it once it commits", async () => {
    const project = await newProject();
    await store(project, event("Before"));
    expect(await discoverProject(project.id)).toEqual({ read: 1, more: false });

    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query("BEGIN");
      await client.query(INSERT_EVENT, [project.id, "Late", new Date(), "{}"]);
      // Committed after the open one began: its txid is higher than the open transaction's.
      await store(project, event("After"));

      // The open transaction holds the horizon back: neither is read, and neither is skipped.
      expect(await discoverProject(project.id)).toEqual({ read: 0, more: false });
      await client.query("COMMIT");
    } finally {
      await client.end();
    }
    expect(await discoverProject(project.id)).toEqual({ read: 2, more: false });
    const types = (await catalogOf(project.id)).eventTypes.map((type) => type.eventType);
    expect(types).toEqual(["After", "Before", "Late"]);
    const days = await db.catalogEventTypeDay.findMany({ where: { projectId: project.id } });
    expect(days.reduce((sum, day) => sum + day.events, 0n)).toBe(3n);
  });

  it("takes a backlog larger than its limit in several steps and ends with the same catalog", async () => {
    const [whole, stepwise] = [await newProject(), await newProject()];
    const backlog = (n: number) =>
      event(`Step ${n % 3}`, {
        event_properties: { n: n % 2 ? n : String(n), [`only_${n % 4}`]: true },
        user_properties: { bucket: n % 5 },
      });
    for (const project of [whole, stepwise])
      await store(project, ...Array.from({ length: 25 }, (_, n) => backlog(n)));
    // The same events, stored at different times: only the times may differ.
    const withoutTimes = (catalog: Awaited<ReturnType<typeof catalogOf>>) => ({
      eventTypes: catalog.eventTypes.map(({ eventType, status }) => ({ eventType, status })),
      days: catalog.days.map(({ eventType, events }) => ({ eventType, events })),
      properties: catalog.properties.map(({ scope, eventType, name, types }) => ({
        scope,
        eventType,
        name,
        types,
      })),
    });

    expect(await discoverProject(whole.id)).toEqual({ read: 25, more: false });
    const steps = [];
    for (;;) {
      const step = await discoverProject(stepwise.id, { maxEvents: 10 });
      steps.push(step);
      if (!step.more) break;
    }
    expect(steps).toEqual([
      { read: 10, more: true },
      { read: 10, more: true },
      { read: 5, more: false },
    ]);
    const expected = withoutTimes(await catalogOf(whole.id));
    expect(withoutTimes(await catalogOf(stepwise.id))).toEqual(expected);
    expect(expected.days.reduce((sum, day) => sum + day.events, 0n)).toBe(25n);
    expect(expected.properties.find((property) => property.name === "n")?.types).toEqual([
      "number",
      "string",
    ]);
  });

  it("discoverAll reads every live project's new events, and none of a deleted project", async () => {
    const [live, deleted] = [await newProject(), await newProject()];
    await store(live, event("Live event"));
    await store(deleted, event("Deleted event"));
    await db.project.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });

    await leavingOtherCatalogsAsTheyWere(async () => {
      const pass = await discoverAll();
      expect(pass.events).toBeGreaterThanOrEqual(1);
      expect((await catalogOf(live.id)).eventTypes.map((type) => type.eventType)).toEqual(["Live event"]);
      expect((await catalogOf(deleted.id)).eventTypes).toEqual([]);
      // Caught up: the next pass finds nothing of this project.
      await discoverAll();
      expect(await discoverProject(live.id)).toEqual({ read: 0, more: false });
    });
  });

  it("the Inngest function discovers each project with new events in bounded, named steps", async () => {
    const project = await newProject();
    await store(project, event("From Inngest", { event_properties: { source: "cron" } }));
    const t = new InngestTestEngine({
      function: discoverCatalog,
      events: [{ name: "inngest/scheduled.timer", data: {} }],
    });
    const { result, ctx, error } = await leavingOtherCatalogsAsTheyWere(() => t.execute());
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ events: expect.any(Number) });
    expect(ctx.step.run).toHaveBeenCalledWith("find-projects-with-new-events", expect.any(Function));
    expect(ctx.step.run).toHaveBeenCalledWith(`discover-${project.id}-0`, expect.any(Function));
    const catalog = await catalogOf(project.id);
    expect(catalog.eventTypes.map((type) => type.eventType)).toEqual(["From Inngest"]);
    expect(catalog.properties.map((property) => [property.name, property.types])).toEqual([
      ["source", ["string"]],
    ]);
  });
});
