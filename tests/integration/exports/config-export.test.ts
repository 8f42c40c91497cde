import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { updateEventType } from "@/lib/catalog/catalog-changes";
import { createCustomEvent, deleteCustomEvent } from "@/lib/catalog/custom-events";
import { discoverProject } from "@/lib/catalog/discovery";
import { createTransformation } from "@/lib/catalog/transformations";
import { db } from "@/lib/db/prisma";
import { updateDataConfigExport } from "@/lib/destinations/manage-destination";
import { exportDestination } from "@/lib/exports/export-workflow";
import { storeEvents } from "@/lib/ingest/store-events";
import { exportTestBed, fastStep, makeDue, TEST_WORKER } from "@/tests/support/export-test-bed";

// Issue 17, item 5, end to end on the emulator with the real driver: a destination that exports
// the data configuration loads a snapshot into the `_cfg_*` tables beside its events, once per
// snapshot, and replaces the views that apply the portal's definitions in the warehouse.

const bed = exportTestBed("cfg-export");
const WORKER = TEST_WORKER;

/** Stores events [label, event type, event properties, user properties] and returns their uuids by label. */
async function send(events: [label: string, eventType: string, properties: object, user?: object][]) {
  const tag = randomUUID().slice(0, 8);
  await storeEvents(
    bed.project,
    events.map(([label, eventType, properties, user], index) => ({
      index,
      eventType,
      deviceId: `cfg-export-${tag}-${index}`,
      userId: null,
      time: Date.now(),
      insertId: null,
      raw: { event_properties: { ...properties, label }, user_properties: user ?? {} },
    })),
    { receivedAt: new Date(), requestIp: null },
  );
  const rows = await db.$queryRawUnsafe<{ uuid: string; label: string }[]>(
    `SELECT uuid::text AS uuid, event_properties->>'label' AS label FROM events WHERE project_id = $1`,
    bed.project.id,
  );
  return Object.fromEntries(rows.map((row) => [row.label, row.uuid]));
}

const newDestination = (table: string, jsonColumnType: "STRING" | "VARIANT" = "STRING") =>
  bed.newDestination(table, { jsonColumnType, exportDataConfig: true });

const query = (sql: string) => bed.admin.query(sql);
const snapshotIds = async (table: string) =>
  (await query(`SELECT DISTINCT snapshot_id FROM main.analytics.${table} ORDER BY snapshot_id`)).map((r) =>
    String(r.snapshot_id),
  );

/** Merge, rename, hide, a hidden event type and a custom event: the configuration the tests export. */
async function configure() {
  await createTransformation(bed.actor, { kind: "MERGE_EVENTS", into: "purchase", from: ["purchase_v1"] });
  await createTransformation(bed.actor, {
    kind: "MERGE_PROPERTIES",
    scope: "event",
    into: "plan",
    from: ["plan_name", "tier_plan"],
  });
  // A second merge into the same property, a rename of the merged property's values, and a
  // merge into a user property that is then hidden: each applies under the merged name.
  await createTransformation(bed.actor, {
    kind: "MERGE_PROPERTIES",
    scope: "event",
    into: "plan",
    from: ["plan_v2"],
  });
  await createTransformation(bed.actor, {
    kind: "RENAME_VALUE",
    scope: "event",
    property: "plan",
    from: "basic",
    to: "Basic",
  });
  await createTransformation(bed.actor, {
    kind: "MERGE_PROPERTIES",
    scope: "user",
    into: "ssn",
    from: ["ssn_old"],
  });
  await createTransformation(bed.actor, {
    kind: "RENAME_VALUE",
    scope: "event",
    property: "tier",
    from: "gold",
    to: "Gold",
  });
  await createTransformation(bed.actor, { kind: "HIDE_PROPERTY", scope: "event", property: "email" });
  await createTransformation(bed.actor, { kind: "HIDE_PROPERTY", scope: "user", property: "ssn" });
  await createTransformation(bed.actor, { kind: "HIDE_EVENT", eventType: "debug" });
  return createCustomEvent(bed.actor, {
    name: "Big purchase!",
    description: "Purchases over 10",
    definition: {
      anyOf: [
        {
          eventType: "purchase",
          conditions: [{ scope: "event", property: "price", operator: "greater", value: 10 }],
        },
        {
          eventType: "purchase_v1",
          conditions: [{ scope: "user", property: "vip", operator: "is", values: ["yes"] }],
        },
      ],
    },
  });
}

const EVENTS: [string, string, object, object?][] = [
  [
    "a",
    "purchase",
    { plan: "pro", price: 25, tier: "gold", email: "a@example.com" },
    { ssn: "1", vip: "no" },
  ],
  ["b", "purchase_v1", { plan_name: "basic", price: 5 }, { vip: "yes" }],
  ["c", "purchase_v1", { plan: "team", plan_name: "ignored", tier_plan: "ignored too" }, { ssn_old: "2" }],
  ["d", "purchase_v1", { plan_name: "first", tier_plan: "second", plan_v2: "third" }],
  ["h", "purchase_v1", { tier_plan: "second", plan_v2: "third" }],
  ["e", "debug", { note: "hidden" }],
  ["f", "signup", { tier: "silver", price: "12" }],
  ["g", "purchase", { price: "11.5", note: "O'Brien \\ backslash" }],
];

describe("exporting the data configuration", () => {
  it("loads a snapshot and views that say what the portal's definitions say", async () => {
    const { id: customEventId } = await configure();
    const uuids = await send(EVENTS);
    await discoverProject(bed.project.id);
    await updateEventType(bed.actor, {
      eventType: "purchase",
      displayName: "Purchase",
      description: "A completed order",
      categoryId: "__new__",
      newCategory: "Revenue",
      status: "LIVE",
    });
    const id = await newDestination("cfg_events");
    expect(await exportDestination(fastStep(), id, WORKER)).toMatchObject({ status: "succeeded", rows: 8 });

    // The snapshot tables: the bed.project's configuration, every row current.
    const types = await query(
      `SELECT event_type, display_name, description, category, status, is_current FROM main.analytics.cfg_events_cfg_event_types ORDER BY event_type`,
    );
    expect(types.map((t) => t.event_type)).toEqual(["debug", "purchase", "purchase_v1", "signup"]);
    expect(types[1]).toMatchObject({
      display_name: "Purchase",
      description: "A completed order",
      category: "Revenue",
      status: "live",
      is_current: true,
    });
    const transformations = await query(
      `SELECT kind, description FROM main.analytics.cfg_events_cfg_transformations WHERE is_current ORDER BY created_at`,
    );
    expect(transformations.map((t) => t.kind)).toEqual([
      "merge_events",
      "merge_properties",
      "merge_properties",
      "rename_value",
      "merge_properties",
      "rename_value",
      "hide_property",
      "hide_property",
      "hide_event",
    ]);
    expect(transformations[0]!.description).toBe("Merge event type “purchase_v1” into “purchase”");
    const [customEvent] = await query(
      `SELECT custom_event_id, name, view_name, sentence FROM main.analytics.cfg_events_cfg_custom_events`,
    );
    expect(customEvent).toMatchObject({
      custom_event_id: customEventId,
      name: "Big purchase!",
      view_name: "cfg_events_custom_big_purchase",
    });
    const properties = await query(
      `SELECT scope, event_type, property, observed_types FROM main.analytics.cfg_events_cfg_properties WHERE property = 'price' ORDER BY event_type`,
    );
    expect(properties.map((p) => [p.event_type, p.observed_types])).toEqual([
      ["purchase", ["number", "string"]],
      ["purchase_v1", ["number"]],
      ["signup", ["string"]],
    ]);
    expect(
      (await query(`SELECT name FROM main.analytics.cfg_events_cfg_categories`)).map((c) => c.name),
    ).toEqual(["Revenue"]);

    // The transformed view: merged types, merged and renamed properties, hidden ones left out.
    const transformed = await query(
      `SELECT uuid, event_type, event_properties['plan'] AS plan, event_properties['tier'] AS tier,
              map_contains_key(event_properties, 'email') AS has_email,
              map_contains_key(event_properties, 'plan_name') AS has_plan_name,
              map_contains_key(user_properties, 'ssn') AS has_ssn, event_properties['note'] AS note
       FROM main.analytics.cfg_events_transformed`,
    );
    const byUuid = Object.fromEntries(transformed.map((row) => [String(row.uuid), row]));
    expect(Object.keys(byUuid).sort()).toEqual(
      [uuids.a, uuids.b, uuids.c, uuids.d, uuids.f, uuids.g, uuids.h].sort(), // "debug" is hidden
    );
    expect(byUuid[uuids.a!]).toMatchObject({
      event_type: "purchase",
      plan: "pro",
      tier: "Gold",
      has_email: false,
      has_ssn: false,
    });
    // A merged value is renamed under the merged name.
    expect(byUuid[uuids.b!]).toMatchObject({ event_type: "purchase", plan: "Basic", has_plan_name: false });
    // The property merged into wins over its sources, and the first source over the next.
    expect(byUuid[uuids.c!]).toMatchObject({ event_type: "purchase", plan: "team", has_plan_name: false });
    expect(byUuid[uuids.d!]).toMatchObject({ plan: "first" });
    // Sources of two merges into one property: the earlier merge's wins, and no key is doubled.
    expect(byUuid[uuids.h!]).toMatchObject({ plan: "second" });
    // A user property merged into a hidden one is hidden with it.
    expect(byUuid[uuids.c!]).toMatchObject({ has_ssn: false });
    expect(byUuid[uuids.f!]).toMatchObject({ event_type: "signup", tier: "silver" });
    expect(byUuid[uuids.g!]).toMatchObject({ note: "O'Brien \\ backslash" });

    // The custom event's view: purchases over 10 (a numeric text counts) and VIP purchase_v1s.
    const custom = await query(`SELECT uuid FROM main.analytics.cfg_events_custom_big_purchase`);
    expect(custom.map((r) => String(r.uuid)).sort()).toEqual([uuids.a, uuids.b, uuids.g].sort());

    // A grant on the view, as the README suggests; later snapshots alter the view and keep it.
    const reader = bed.emulator.facts.servicePrincipals[1]!.applicationId;
    await query(`GRANT SELECT ON VIEW main.analytics.cfg_events_transformed TO \`${reader}\``);

    // An unchanged configuration: the next run takes no snapshot.
    await makeDue(id);
    expect((await exportDestination(fastStep(), id, WORKER)).status).toBe("succeeded");
    expect(await snapshotIds("cfg_events_cfg_event_types")).toHaveLength(1);
    expect(await db.configSnapshot.count({ where: { destinationId: id } })).toBe(1);
    const delivered = await db.configSnapshot.findFirstOrThrow({ where: { destinationId: id } });
    expect(delivered).toMatchObject({ content: null, views: ["cfg_events_custom_big_purchase"] });
    expect(delivered.deliveredAt).not.toBeNull();

    // A change: the next run takes a snapshot, the older rows stop being current, and the view
    // of the deleted custom event goes.
    await deleteCustomEvent(bed.actor, customEventId);
    await makeDue(id);
    expect((await exportDestination(fastStep(), id, WORKER)).status).toBe("succeeded");
    expect(await snapshotIds("cfg_events_cfg_event_types")).toHaveLength(2);
    const current = await query(
      `SELECT DISTINCT snapshot_id FROM main.analytics.cfg_events_cfg_event_types WHERE is_current`,
    );
    expect(current).toHaveLength(1);
    expect(String(current[0]!.snapshot_id)).not.toBe(delivered.id);
    expect(await query(`SELECT * FROM main.analytics.cfg_events_cfg_custom_events WHERE is_current`)).toEqual(
      [],
    );
    await expect(query(`SELECT * FROM main.analytics.cfg_events_custom_big_purchase`)).rejects.toThrow(
      /TABLE_OR_VIEW_NOT_FOUND/,
    );
    const grants = await query(`SHOW GRANTS ON VIEW main.analytics.cfg_events_transformed`);
    expect(grants).toContainEqual(expect.objectContaining({ Principal: reader, ActionType: "SELECT" }));
  });

  it("takes a snapshot on the first run even with nothing configured, and makes the views on a VARIANT table", async () => {
    const uuids = await send([["a", "open", { screen: "home" }, { plan: "free" }]]);
    const id = await newDestination("cfg_variant", "VARIANT");
    expect((await exportDestination(fastStep(), id, WORKER)).status).toBe("succeeded");
    expect(await db.configSnapshot.count({ where: { destinationId: id } })).toBe(1);
    const rows = await query(
      `SELECT uuid, event_type, event_properties['screen'] AS screen, user_properties['plan'] AS plan FROM main.analytics.cfg_variant_transformed`,
    );
    expect(rows).toEqual([{ uuid: uuids.a, event_type: "open", screen: "home", plan: "free" }]);
    // Nothing configured: no table has rows, and none is missing.
    for (const table of ["event_types", "properties", "categories", "transformations", "custom_events"])
      expect(await query(`SELECT count(*) AS n FROM main.analytics.cfg_variant_cfg_${table}`)).toEqual([
        { n: 0 },
      ]);
  });

  it("writes a retried snapshot once, and takes a new one a day later", async () => {
    await configure();
    await send([["a", "purchase", { price: 20 }]]);
    await discoverProject(bed.project.id);
    const id = await newDestination("cfg_retry");
    // The snapshot's COPY INTO comes first in a run (the filter also leaves no event here). The
    // copy is committed, then the answer fails; the step is retried.
    await db.destination.update({
      where: { id },
      data: { filter: { eventTypes: { operator: "is", values: ["nothing"] }, conditions: [] } },
    });
    await bed.inject({ kind: "copy", httpStatus: 503, phase: "after", count: 1 });
    expect((await exportDestination(fastStep(), id, WORKER)).status).toBe("succeeded");
    expect((await bed.faultLog()).filter((f) => f.kind === "copy")).toHaveLength(1);
    const counted = await query(
      `SELECT count(*) AS n, count(DISTINCT snapshot_id) AS snapshots FROM main.analytics.cfg_retry_cfg_event_types`,
    );
    expect(counted).toEqual([{ n: 1, snapshots: 1 }]);
    expect(await query(`SELECT count(*) AS n FROM main.analytics.cfg_retry_cfg_transformations`)).toEqual([
      { n: 9 },
    ]);

    // A day after the last snapshot, one is due even though nothing changed.
    await db.destination.update({
      where: { id },
      data: { configSnapshotAt: new Date(Date.now() - 24 * 60 * 60 * 1000 - 1000) },
    });
    await makeDue(id);
    expect((await exportDestination(fastStep(), id, WORKER)).status).toBe("succeeded");
    expect(await snapshotIds("cfg_retry_cfg_event_types")).toHaveLength(2);
  });

  it("takes a snapshot again when the export is turned off and on", async () => {
    await send([["a", "open", {}]]);
    const id = await newDestination("cfg_toggle");
    expect((await exportDestination(fastStep(), id, WORKER)).status).toBe("succeeded");
    const destination = await db.destination.findUniqueOrThrow({ where: { id } });
    await updateDataConfigExport(bed.actor, destination, false);
    await makeDue(id);
    await exportDestination(fastStep(), id, WORKER);
    expect(await db.configSnapshot.count({ where: { destinationId: id } })).toBe(1);
    await updateDataConfigExport(bed.actor, { ...destination, exportDataConfig: false }, true);
    await makeDue(id);
    await exportDestination(fastStep(), id, WORKER);
    expect(await db.configSnapshot.count({ where: { destinationId: id } })).toBe(2);
  });

  it("fails the run where people see it when the configuration cannot be exported, delivering nothing", async () => {
    await send([["a", "open", {}]]);
    const id = await newDestination("cfg_broken");
    // A definition no current code wrote (as after a bad migration): it cannot be exported.
    await db.transformation.create({
      data: { projectId: bed.project.id, kind: "MERGE_EVENTS", definition: { into: "" } },
    });
    const outcome = await exportDestination(fastStep(), id, WORKER);
    expect(outcome.status).toBe("skipped");
    const run = await db.exportRun.findFirstOrThrow({ where: { destinationId: id } });
    expect(run).toMatchObject({ status: "FAILED", errorClass: "CONFIG_SNAPSHOT_FAILED" });
    expect(run.errorMessage).toContain("could not be read for export");
    expect(await db.destination.findUniqueOrThrow({ where: { id } })).toMatchObject({
      health: "FAILING",
      watermarkTxid: null,
    });
  });
});
