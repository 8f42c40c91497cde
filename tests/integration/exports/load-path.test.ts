import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { db } from "@/lib/db/prisma";
import { withDatabricksSession } from "@/lib/databricks/sql-client";
import { EventFilter } from "@/lib/exports/event-filter";
import { safeHorizon } from "@/lib/events/watermark";
import { copyIntoSql, createEventTableSql } from "@/lib/exports/event-table";
import { COPY_FILE_FORMAT, writeWindowFiles, type StagedFormat } from "@/lib/exports/stage-files";
import type { RunWindow } from "@/lib/exports/window-query";
import { storeEvents } from "@/lib/ingest/store-events";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";
import { authorizeDestination } from "@/tests/support/authorize-destination";
import { serveDeltaportIssuer } from "@/tests/support/deltaport-issuer";

// The load path without the scheduler: events from the store, staged as zstd Parquet (and as
// gzip NDJSON, the format of runs planned before Parquet), PUT into the destination's volume,
// COPY INTO the typed table through the real driver and token path.

let emulator: RunningEmulator;
let issuer: { close: () => Promise<void> };
let project: { id: string; appId: bigint };
const local = mkdtempSync(path.join(tmpdir(), "load-path-"));
const destinationId = "dloadpath0000000000000000a";

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  project = await db.project.findUniqueOrThrow({
    where: { apiKey: DEFAULT_DEMO_API_KEY },
    select: { id: true, appId: true },
  });
  issuer = await serveDeltaportIssuer();
  emulator = await startEmulator({ tlsDir: process.env.TEST_EMULATOR_TLS_DIR });
  const sp = emulator.facts.servicePrincipals[0]!;
  await authorizeDestination(emulator, { projectId: project.id, destinationId, clientId: sp.applicationId });
});
afterAll(async () => {
  await emulator.stop();
  await issuer.close();
  rmSync(local, { recursive: true, force: true });
  await db.$disconnect();
});

/** Stages the window in `format`, PUTs the files, and COPYs them INTO `table` twice. */
async function stageAndLoad(
  format: StagedFormat,
  window: RunWindow,
  table: string,
  limits: { maxRows?: number; maxBytes?: number },
  select: string,
) {
  const directory = path.join(local, `${table}-${format}`);
  mkdirSync(directory, { recursive: true });
  const files = await writeWindowFiles(format, window, directory, limits);
  const sp = emulator.facts.servicePrincipals[0]!;
  const target = { catalog: "main", schema: "analytics", table };
  const volumeDirectory = `/Volumes/main/analytics/deltaport_${destinationId}/${table}`;
  const loaded = await withDatabricksSession(
    {
      projectId: project.id,
      destinationId,
      workspaceOrigin: emulator.facts.host,
      clientId: sp.applicationId,
      warehouseId: emulator.facts.warehouseId,
    },
    { deltaport_destination: destinationId },
    async (sql) => {
      await sql.query(`CREATE VOLUME IF NOT EXISTS main.analytics.deltaport_${destinationId}`);
      await sql.query(createEventTableSql(target, "STRING"));
      for (const file of files)
        await sql.query(`PUT '${file.localPath}' INTO '${volumeDirectory}/${file.name}' OVERWRITE`, {
          stagingAllowedLocalPath: [local],
        });
      const copy = copyIntoSql(
        target,
        volumeDirectory,
        files.map((f) => f.name),
        "STRING",
        COPY_FILE_FORMAT[format],
      );
      const first = await sql.query(copy);
      const again = await sql.query(copy); // the same statement again: a retried copy
      const rows = await sql.query(`${select} FROM main.analytics.${table} ORDER BY event_time`);
      return { first, again, rows };
    },
  );
  return { files, ...loaded };
}

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe.each(["PARQUET", "NDJSON"] as const)("the load path, staged as %s", (format) => {
  it("stages a window in bounded files and COPY INTO loads exactly its events, once", async () => {
    const start = await safeHorizon();
    const events = Array.from({ length: 250 }, (_, i) => ({
      index: i,
      eventType: i % 5 === 0 ? "purchase" : "view",
      deviceId: `load-device-${i % 20}`,
      userId: i % 3 ? null : `load-user-${i % 7}`,
      time: Date.UTC(2026, 10, 24, 12, 0, i),
      insertId: null,
      raw: {
        event_properties: { i, plan: i % 2 ? "pro" : "free" },
        session_id: i % 4 ? 1790000000000 + i : undefined,
        platform: "Web",
        amplitude_attribution_ids: i % 10 ? [] : ["a"],
      },
    }));
    await storeEvents(project, events, { receivedAt: new Date(), requestIp: null });
    const toTxid = await safeHorizon();
    const filter = EventFilter.parse({
      conditions: [{ scope: "event", property: "plan", operator: "is", values: ["pro"] }],
    });
    const window = { projectId: project.id, fromTxid: start, exportFrom: new Date(0), toTxid, filter };
    const loaded = await stageAndLoad(
      format,
      window,
      `load_path_${format.toLowerCase()}`,
      { maxBytes: 8 * 1024, maxRows: 50 },
      "SELECT uuid, amplitude_id, event_time, session_id, event_properties, amplitude_attribution_ids",
    );
    expect(loaded.files.length).toBeGreaterThan(1); // bounded file size
    expect(loaded.files.reduce((n, f) => n + f.rows, 0)).toBe(125);
    expect(loaded.files.every((f) => f.name.endsWith(format === "PARQUET" ? ".parquet" : ".json.gz"))).toBe(
      true,
    );
    expect(loaded.first[0]).toMatchObject({ num_inserted_rows: 125 });
    expect(loaded.again[0]).toMatchObject({ num_inserted_rows: 0 });
    const source = await db.event.findMany({
      where: { projectId: project.id, txid: { gte: start, lt: toTxid } },
    });
    const expected = source.filter((event) => (event.eventProperties as { plan: string }).plan === "pro");
    expect(loaded.rows.map((row) => row.uuid).sort()).toEqual(expected.map((event) => event.uuid).sort());
    const first = expected.sort((a, b) => a.eventTime.getTime() - b.eventTime.getTime())[0]!;
    const row = loaded.rows[0]!;
    expect(row).toMatchObject({
      uuid: first.uuid,
      amplitude_id: Number(first.amplitudeId),
      session_id: first.sessionId === null ? null : Number(first.sessionId),
    });
    expect(new Date(`${String(row.event_time).replace(" ", "T")}Z`).getTime()).toBe(
      first.eventTime.getTime(),
    );
    expect(JSON.parse(String(row.event_properties))).toEqual(first.eventProperties);
  });
});

describe("Parquet staging", () => {
  /** Events whose values try every corner of the CSV the rows travel through. */
  async function awkwardEvents(n: number) {
    const start = await safeHorizon();
    const awkward = ['quote " and ""two""', "comma, and\nnewline", "back\\slash \\N", "", "naïve ☃ 𝄞", " "];
    const events = Array.from({ length: n }, (_, i) => ({
      index: i,
      eventType: `type ${awkward[i % awkward.length]}`,
      deviceId: `awkward-device-${i}`,
      userId: i % 4 === 0 ? null : `user ${awkward[(i + 1) % awkward.length]}`,
      time: Date.UTC(2026, 10, 25, 9, 0, 0, i),
      insertId: null,
      raw: {
        event_properties: { text: awkward[i % awkward.length], nested: { list: [1, 'a"b'] }, i },
        user_properties: { 'key with "quote"': "x\ny" },
        session_id: i % 2 ? 9007199254740993 + i : undefined,
        location_lat: i % 3 ? 52.520008 + i / 3 : undefined,
        amplitude_attribution_ids: i % 2 ? ["plain", 'with "quote"', "with,comma"] : [],
        platform: awkward[(i + 2) % awkward.length],
      },
    }));
    await storeEvents(project, events, { receivedAt: new Date(), requestIp: null });
    return {
      projectId: project.id,
      fromTxid: start,
      exportFrom: new Date(0),
      toTxid: await safeHorizon(),
      filter: EventFilter.parse({}),
    };
  }

  it("loads every value exactly as PostgreSQL holds it: quotes, newlines, empty strings, nulls, big numbers", async () => {
    const window = await awkwardEvents(60);
    const loaded = await stageAndLoad(
      "PARQUET",
      window,
      "parquet_awkward",
      { maxRows: 25 },
      "SELECT uuid, event_type, user_id, platform, event_properties, user_properties, session_id, location_lat, amplitude_attribution_ids, event_time",
    );
    expect(loaded.files.map((f) => f.rows)).toEqual([25, 25, 10]);
    expect(loaded.first[0]).toMatchObject({ num_inserted_rows: 60 });
    const source = await db.event.findMany({
      where: { projectId: project.id, txid: { gte: window.fromTxid, lt: window.toTxid } },
    });
    const byUuid = new Map(source.map((event) => [event.uuid, event]));
    expect(loaded.rows).toHaveLength(60);
    for (const row of loaded.rows) {
      const event = byUuid.get(String(row.uuid))!;
      expect(event, String(row.uuid)).toBeDefined();
      expect({
        event_type: row.event_type,
        user_id: row.user_id,
        platform: row.platform,
        event_properties: JSON.parse(String(row.event_properties)),
        user_properties: JSON.parse(String(row.user_properties)),
        session_id: row.session_id === null ? null : String(row.session_id),
        location_lat: row.location_lat,
        amplitude_attribution_ids: row.amplitude_attribution_ids,
        event_time: new Date(`${String(row.event_time).replace(" ", "T")}Z`).toISOString(),
      }).toEqual({
        event_type: event.eventType,
        user_id: event.userId,
        platform: event.platform,
        event_properties: event.eventProperties,
        user_properties: event.userProperties,
        session_id: event.sessionId === null ? null : event.sessionId.toString(),
        location_lat: event.locationLat,
        amplitude_attribution_ids: event.attributionIds,
        event_time: event.eventTime.toISOString(),
      });
    }
  });

  it("writes the same files, byte for byte, when a frozen window is staged again", async () => {
    const window = await awkwardEvents(40);
    const once = mkdtempSync(path.join(local, "once-"));
    const twice = mkdtempSync(path.join(local, "twice-"));
    const limits = { maxBytes: 6 * 1024 };
    const first = await writeWindowFiles("PARQUET", window, once, limits);
    const second = await writeWindowFiles("PARQUET", window, twice, limits);
    expect(first.length).toBeGreaterThan(2); // cut by bytes, after whole rows
    expect(first.reduce((n, f) => n + f.rows, 0)).toBe(40);
    expect(second.map((f) => [f.name, f.rows, sha256(f.localPath)])).toEqual(
      first.map((f) => [f.name, f.rows, sha256(f.localPath)]),
    );
  });
});
