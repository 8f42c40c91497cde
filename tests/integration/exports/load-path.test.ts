import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { db } from "@/lib/db/prisma";
import { withDatabricksSession } from "@/lib/databricks/sql-client";
import { EventFilter } from "@/lib/exports/event-filter";
import { safeHorizon } from "@/lib/events/watermark";
import { copyIntoSql, createEventTableSql } from "@/lib/exports/event-table";
import { writeWindowFiles } from "@/lib/exports/stage-files";
import { storeEvents } from "@/lib/ingest/store-events";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";
import { authorizeDestination } from "@/tests/support/authorize-destination";
import { serveDeltaportIssuer } from "@/tests/support/deltaport-issuer";

// The load path without the scheduler: events from the store, staged as gzip NDJSON, PUT into
// the destination's volume, COPY INTO the typed table through the real driver and token path.

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

describe("the load path", () => {
  it("stages a window as gzip NDJSON files and COPY INTO loads exactly its events, once", async () => {
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
    const files = await writeWindowFiles(
      { projectId: project.id, fromTxid: start, exportFrom: new Date(0), toTxid, filter },
      local,
      8 * 1024,
      20,
    );
    expect(files.length).toBeGreaterThan(1); // bounded file size
    expect(files.reduce((n, f) => n + f.rows, 0)).toBe(125);

    const sp = emulator.facts.servicePrincipals[0]!;
    const target = { catalog: "main", schema: "analytics", table: "load_path_events" };
    const directory = `/Volumes/main/analytics/deltaport_${destinationId}/run-1`;
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
          await sql.query(`PUT '${file.localPath}' INTO '${directory}/${file.name}' OVERWRITE`, {
            stagingAllowedLocalPath: [local],
          });
        const copy = copyIntoSql(
          target,
          directory,
          files.map((f) => f.name),
          "STRING",
        );
        const first = await sql.query(copy);
        const again = await sql.query(copy); // the same statement again: a retried copy
        const rows = await sql.query(
          "SELECT uuid, amplitude_id, event_time, session_id, event_properties, amplitude_attribution_ids FROM main.analytics.load_path_events ORDER BY event_time",
        );
        return { first, again, rows };
      },
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
