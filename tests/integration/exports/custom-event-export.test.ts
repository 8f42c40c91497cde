import { describe, expect, it } from "vitest";
import { createCustomEvent, updateCustomEvent } from "@/lib/catalog/custom-events";
import { db } from "@/lib/db/prisma";
import { exportDestination } from "@/lib/exports/export-workflow";
import { storeEvents } from "@/lib/ingest/store-events";
import { exportTestBed, fastStep, makeDue, TEST_WORKER } from "@/tests/support/export-test-bed";

// Issue 17, item 3, end to end on the emulator with the real driver: a destination whose filter
// selects a custom event delivers exactly that custom event's events, and a run planned before
// the custom event is edited keeps the definition it froze on its retry.

const bed = exportTestBed("ce-export");
const WORKER = TEST_WORKER;

/** Stores one event per [event type, event properties], tagged with `tag`, and returns their uuids by label. */
async function send(tag: string, events: [label: string, eventType: string, properties: object][]) {
  await storeEvents(
    bed.project,
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
    bed.project.id,
    tag,
  );
  return Object.fromEntries(rows.map((row) => [row.label, row.uuid]));
}

const newDestination = (table: string, customEventId: string) =>
  bed.newDestination(table, {
    filter: { eventTypes: null, customEvent: { id: customEventId }, conditions: [] },
  });

const tableUuids = async (table: string) =>
  (await bed.admin.query(`SELECT uuid FROM main.analytics.${table}`)).map((row) => String(row.uuid)).sort();

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

describe("a destination filtered by a custom event", () => {
  it("delivers exactly the custom event's events: purchases over 10, and signups", async () => {
    const { id: customEventId } = await createCustomEvent(bed.actor, {
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
    const { id: customEventId } = await createCustomEvent(bed.actor, {
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
    await bed.inject({ kind: "copy", httpStatus: 500, phase: "before", count: 5 });
    await exportDestination(fastStep(1), id, WORKER).catch(() => undefined);
    // The run is planned and open; the custom event now means views only.
    expect(await db.exportRun.count({ where: { destinationId: id, status: "RUNNING" } })).toBe(1);
    await updateCustomEvent(bed.actor, customEventId, {
      name: "Frozen checkout",
      description: "",
      definition: { anyOf: [{ eventType: "view", conditions: [] }] },
    });
    await bed.clearFaults();
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
