import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { backfillDue, exportDue } from "@/inngest/events";
import { backfillDestinationFunction } from "@/inngest/functions/backfill-destination";
import { exportDestinationFunction } from "@/inngest/functions/export-destination";
import { scheduleExports } from "@/inngest/functions/schedule-exports";
import { db } from "@/lib/db/prisma";
import { startBackfill } from "@/lib/destinations/backfills";
import { createDestination } from "@/lib/destinations/create-destination";
import { newDestinationId } from "@/lib/destinations/destination-id";
import { storeEvents } from "@/lib/ingest/store-events";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";
import { authorizeDestination } from "@/tests/support/authorize-destination";
import { connectSql } from "@/tests/support/emulator-client";
import { serveDeltaportIssuer } from "@/tests/support/deltaport-issuer";

// The Inngest functions themselves, run by @inngest/test with their real steps against
// PostgreSQL and the emulator: only sending events (Inngest's own service) is observed, not run.

let emulator: RunningEmulator;
let issuer: { close: () => Promise<void> };
let destinationId: string;
let projectId: string;

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  const project = await db.project.findUniqueOrThrow({ where: { apiKey: DEFAULT_DEMO_API_KEY } });
  projectId = project.id;
  const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
  issuer = await serveDeltaportIssuer();
  emulator = await startEmulator({ tlsDir: process.env.TEST_EMULATOR_TLS_DIR });
  const sp = emulator.facts.servicePrincipals[0]!;
  destinationId = newDestinationId();
  await authorizeDestination(emulator, { projectId: project.id, destinationId, clientId: sp.applicationId });
  await db.destination.updateMany({ data: { state: "PAUSED" } });
  await createDestination(
    { userId: admin.id, organizationId: project.organizationId, projectId: project.id },
    destinationId,
    {
      frequencyMinutes: 15,
      filter: { eventTypes: null, conditions: [] },
      workspaceHost: emulator.facts.host,
      clientId: sp.applicationId,
      warehouseId: emulator.facts.warehouseId,
      catalog: "main",
      schema: "analytics",
      table: "inngest_events",
      jsonColumnType: "STRING",
      policyVariant: "DISCOVERY",
    },
    [new URL(emulator.facts.host).host],
  );
  await db.destination.update({
    where: { id: destinationId },
    data: { nextRunAt: new Date(Date.now() - 1000) },
  });
  await storeEvents(
    { id: project.id, appId: project.appId },
    Array.from({ length: 25 }, (_, i) => ({
      index: i,
      eventType: "inngest",
      deviceId: `inngest-device-${i}`,
      userId: null,
      time: null,
      insertId: null,
      raw: {},
    })),
    { receivedAt: new Date(), requestIp: null },
  );
});
afterAll(async () => {
  await emulator.stop();
  await issuer.close();
  await db.$disconnect();
});

describe("Inngest functions", () => {
  it("the scheduler fans out one event per due destination, idempotent per tick", async () => {
    // Sending events is Inngest's service: the fan-out step is observed, not run.
    const t = new InngestTestEngine({
      function: scheduleExports,
      events: [{ name: "inngest/scheduled.timer", data: {} }],
      steps: [{ id: "fan-out", handler: () => ({ ids: [] }) }],
    });
    const { result, ctx, error } = await t.execute();
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ due: 1, backfills: 0, lag: { raised: 0 }, webhooks: 0 });
    // Events are made by exportDue.create, which adds Inngest's own fields (validate, ts, …).
    expect(ctx.step.sendEvent).toHaveBeenCalledTimes(1);
    expect(ctx.step.sendEvent).toHaveBeenCalledWith("fan-out", [
      expect.objectContaining({
        name: exportDue.name,
        data: { destinationId },
        id: expect.stringMatching(new RegExp(`^${destinationId}-\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$`)),
      }),
    ]);
  });

  it("the export function delivers the window through its steps, each result small and free of secrets", async () => {
    const t = new InngestTestEngine({
      function: exportDestinationFunction,
      // Inngest gives every received event an id; the run's lease is held under it.
      events: [{ name: exportDue.name, data: { destinationId }, id: "01JEXPORTDUE00000000000001" }],
    });
    const { result, state, ctx, error } = await t.execute();
    expect(error).toBeUndefined();
    // Every event of the project since the start of today (other test files' too, and this file's 25).
    const destination = await db.destination.findUniqueOrThrow({ where: { id: destinationId } });
    const expected = await db.event.count({
      where: { serverUploadTime: { gte: destination.exportFrom }, projectId },
    });
    expect(expected).toBeGreaterThanOrEqual(25);
    expect(result).toMatchObject({ status: "succeeded", rows: expected });
    // One step per staged file and per batch of files copied or removed; the last stage step finds no rows.
    for (const name of ["plan", "prepare", "stage-0", "stage-1", "copy-0", "commit", "cleanup-0"])
      expect(ctx.step.run).toHaveBeenCalledWith(name, expect.any(Function));
    const stepResults = JSON.stringify(
      await Promise.all(Object.values(state).map((value) => Promise.resolve(value).catch(() => null))),
    );
    expect(stepResults.length).toBeLessThan(2000);
    expect(stepResults).not.toMatch(/dkea|eyJ|PRIVATE KEY/);
    const sql = await connectSql(emulator.facts, emulator.facts.adminToken);
    expect(await sql.query("SELECT count(*) AS n FROM main.analytics.inngest_events")).toEqual([
      { n: expected },
    ]);
    await sql.close();
  });
});

describe("the backfill function", () => {
  it("delivers a backfill's history through its real steps, beside the recurring export", async () => {
    const destination = await db.destination.findUniqueOrThrow({ where: { id: destinationId } });
    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
    // Two days of history, uploaded before the destination's time floor.
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
    await storeEvents(
      { id: project.id, appId: project.appId },
      Array.from({ length: 12 }, (_, i) => ({
        index: i,
        eventType: "inngest-history",
        deviceId: `inngest-history-${i % 3}`,
        userId: null,
        time: Date.now(),
        insertId: null,
        raw: {},
      })),
      { receivedAt: new Date(), requestIp: null },
    );
    await db.$executeRawUnsafe(
      `UPDATE events SET server_upload_time = $1::timestamptz WHERE event_type = 'inngest-history'`,
      new Date(destination.exportFrom.getTime() - 36 * 3_600_000).toISOString(),
    );
    const backfill = await startBackfill(
      { userId: admin.id, organizationId: project.organizationId, projectId },
      destination,
      {
        backfillFrom: new Date(destination.exportFrom.getTime() - 2 * 86_400_000).toISOString().slice(0, 10),
        redeliver: false,
      },
    );
    const t = new InngestTestEngine({
      function: backfillDestinationFunction,
      events: [
        {
          name: backfillDue.name,
          data: { destinationId, backfillId: backfill.id },
          id: "01JBACKFILLDUE000000000001",
        },
      ],
    });
    const { result, ctx, error } = await t.execute();
    expect(error).toBeUndefined();
    // Its range may hold other test files' history too: all of it is delivered.
    const inRange = await db.event.count({
      where: { projectId, serverUploadTime: { gte: backfill.from, lt: backfill.to } },
    });
    expect(inRange).toBeGreaterThanOrEqual(12);
    expect(result).toMatchObject({ status: "succeeded", rows: inRange });
    for (const name of ["plan", "prepare", "stage-0", "copy-0", "commit", "cleanup-0"])
      expect(ctx.step.run).toHaveBeenCalledWith(name, expect.any(Function));
    expect(await db.backfill.findUniqueOrThrow({ where: { id: backfill.id } })).toMatchObject({
      status: "COMPLETED",
      deliveredRows: inRange,
    });
    const sql = await connectSql(emulator.facts, emulator.facts.adminToken);
    expect(
      await sql.query(
        "SELECT count(*) AS n FROM main.analytics.inngest_events WHERE event_type = 'inngest-history'",
      ),
    ).toEqual([{ n: 12 }]);
    await sql.close();
  });
});
