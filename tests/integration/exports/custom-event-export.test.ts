import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { localStep } from "@/inngest/local-runner";
import { createCustomEvent, updateCustomEvent } from "@/lib/catalog/custom-events";
import { db } from "@/lib/db/prisma";
import { createDestination } from "@/lib/destinations/create-destination";
import { newDestinationId } from "@/lib/destinations/destination-id";
import { exportDestination } from "@/lib/exports/export-workflow";
import { storeEvents } from "@/lib/ingest/store-events";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";
import { authorizeDestination } from "@/tests/support/authorize-destination";
import { serveDeltaportIssuer } from "@/tests/support/deltaport-issuer";
import { connectSql, emulatorFetch, type SqlConnection } from "@/tests/support/emulator-client";

// Issue 17, item 3, end to end on the emulator with the real driver: a destination whose filter
// selects a custom event delivers exactly that custom event's events, and a run planned before
// the custom event is edited keeps the definition it froze on its retry.

let emulator: RunningEmulator;
let issuer: { close: () => Promise<void> };
let api: ReturnType<typeof emulatorFetch>;
let admin: SqlConnection;
let project: { id: string; appId: bigint };
let actor: { userId: string; organizationId: string; projectId: string };

const WORKER = "test-worker";
const fastStep = (maxAttempts = 3) => localStep({ maxAttempts, baseDelayMs: 5 });
const inject = (fault: object) => api("/emulator/faults", { token: emulator.facts.adminToken, json: fault });
const clearFaults = () => api("/emulator/faults", { method: "DELETE", token: emulator.facts.adminToken });
const makeDue = (id: string) =>
  db.destination.update({ where: { id }, data: { nextRunAt: new Date(Date.now() - 1000) } });

/** Stores one event per [event type, event properties], tagged with `tag`, and returns their uuids by label. */
async function send(tag: string, events: [label: string, eventType: string, properties: object][]) {
  await storeEvents(
    project,
    events.map(([label, eventType, properties], index) => ({
      index,
      eventType,
      deviceId: `ce-export-${tag}-${index}`,
      userId: null,
      time: Date.now(),
      insertId: null,
      raw: { event_properties: { ...properties, tag, label } },
    })),
    { receivedAt: new Date(), requestIp: null },
  );
  const rows = await db.$queryRawUnsafe<{ uuid: string; label: string }[]>(
    `SELECT uuid::text AS uuid, event_properties->>'label' AS label FROM events WHERE project_id = $1 AND event_properties->>'tag' = $2`,
    project.id,
    tag,
  );
  return Object.fromEntries(rows.map((row) => [row.label, row.uuid]));
}

async function newDestination(table: string, customEventId: string) {
  const sp = emulator.facts.servicePrincipals[0]!;
  const id = newDestinationId();
  await authorizeDestination(emulator, {
    projectId: project.id,
    destinationId: id,
    clientId: sp.applicationId,
  });
  await createDestination(
    actor,
    id,
    {
      frequencyMinutes: 15,
      filter: { eventTypes: null, customEvent: { id: customEventId }, conditions: [] },
      workspaceHost: emulator.facts.host,
      clientId: sp.applicationId,
      warehouseId: emulator.facts.warehouseId,
      catalog: "main",
      schema: "analytics",
      table,
      jsonColumnType: "STRING",
      policyVariant: "DISCOVERY",
    },
    [new URL(emulator.facts.host).host],
  );
  await makeDue(id);
  return id;
}

const tableUuids = async (table: string) =>
  (await admin.query(`SELECT uuid FROM main.analytics.${table}`)).map((row) => String(row.uuid)).sort();

/** "purchase with price > 10 OR signup". */
const definition = {
  anyOf: [
    {
      eventType: "purchase",
      conditions: [{ scope: "event" as const, property: "price", operator: "greater" as const, value: 10 }],
    },
    { eventType: "signup", conditions: [] },
  ],
};

let organizationId: string;
let adminId: string;
const projects: string[] = [];

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  organizationId = (await db.project.findUniqueOrThrow({ where: { apiKey: DEFAULT_DEMO_API_KEY } }))
    .organizationId;
  adminId = (await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } })).id;
  issuer = await serveDeltaportIssuer();
  emulator = await startEmulator({ tlsDir: process.env.TEST_EMULATOR_TLS_DIR, warehouseStartMs: 50 });
  api = emulatorFetch(emulator.facts);
  admin = await connectSql(emulator.facts, emulator.facts.adminToken);
});
afterAll(async () => {
  await admin.close();
  await emulator.stop();
  await issuer.close();
  // The files of a run share one database: what this file made goes (the seed test counts
  // projects; the scheduler must find none of these destinations). Runs go with them.
  const where = { projectId: { in: projects } };
  const destinations = await db.destination.findMany({ where, select: { id: true } });
  await db.auditEvent.deleteMany({
    where: { resourceId: { in: [...projects, ...destinations.map((d) => d.id)] } },
  });
  await db.customEvent.deleteMany({ where });
  await db.event.deleteMany({ where });
  await db.project.deleteMany({ where: { id: { in: projects } } });
  await db.$disconnect();
});
beforeEach(async () => {
  await clearFaults();
  // Each test has a project of its own: its destination's window holds only the test's events.
  const tag = randomUUID().slice(0, 8);
  project = await db.project.create({
    data: {
      organizationId,
      slug: `ce-export-${tag}`,
      name: `Custom event export ${tag}`,
      apiKey: `ce-export-${randomUUID()}`,
    },
    select: { id: true, appId: true },
  });
  projects.push(project.id);
  actor = { userId: adminId, organizationId, projectId: project.id };
});

describe("a destination filtered by a custom event", () => {
  it("delivers exactly the custom event's events: purchases over 10, and signups", async () => {
    const { id: customEventId } = await createCustomEvent(actor, {
      name: "Checkout",
      description: "",
      definition,
    });
    const id = await newDestination("ce_checkout", customEventId);
    const uuids = await send("exact", [
      ["big purchase", "purchase", { price: 25 }],
      ["purchase at 10", "purchase", { price: 10 }],
      ["small purchase", "purchase", { price: 3 }],
      ["priced as text", "purchase", { price: "99" }],
      ["unpriced purchase", "purchase", {}],
      ["signup", "signup", { price: 1 }],
      ["another signup", "signup", {}],
      ["view", "view", { price: 50 }],
    ]);
    const outcome = await exportDestination(fastStep(), id, WORKER);
    // A price sent as text that reads as a number compares as one (as in the warehouse views).
    expect(outcome).toMatchObject({ status: "succeeded", rows: 4 });
    expect(await tableUuids("ce_checkout")).toEqual(
      [uuids["big purchase"], uuids["priced as text"], uuids.signup, uuids["another signup"]].sort(),
    );
    const run = await db.exportRun.findUniqueOrThrow({ where: { id: outcome.runId! } });
    expect(run.filter).toMatchObject({ customEvent: { id: customEventId, name: "Checkout", definition } });
  });

  it("keeps a run's frozen custom event when the custom event is edited between a failed attempt and its retry", async () => {
    const { id: customEventId } = await createCustomEvent(actor, {
      name: "Frozen checkout",
      description: "",
      definition,
    });
    const id = await newDestination("ce_frozen", customEventId);
    const uuids = await send("frozen", [
      ["big purchase", "purchase", { price: 40 }],
      ["signup", "signup", {}],
      ["view", "view", {}],
    ]);
    await inject({ kind: "copy", httpStatus: 500, phase: "before", count: 5 });
    await exportDestination(fastStep(1), id, WORKER).catch(() => undefined);
    // The run is planned and open; the custom event now means views only.
    expect(await db.exportRun.count({ where: { destinationId: id, status: "RUNNING" } })).toBe(1);
    await updateCustomEvent(actor, customEventId, {
      name: "Frozen checkout",
      description: "",
      definition: { anyOf: [{ eventType: "view", conditions: [] }] },
    });
    await clearFaults();
    await makeDue(id);
    expect((await exportDestination(fastStep(), id, WORKER)).status).toBe("succeeded");
    expect(await tableUuids("ce_frozen")).toEqual([uuids["big purchase"], uuids.signup].sort());

    // The next run uses the edited definition.
    const later = await send("frozen-later", [
      ["view", "view", {}],
      ["signup", "signup", {}],
    ]);
    await makeDue(id);
    expect((await exportDestination(fastStep(), id, WORKER)).status).toBe("succeeded");
    expect(await tableUuids("ce_frozen")).toEqual([uuids["big purchase"], uuids.signup, later.view].sort());
  });
});
