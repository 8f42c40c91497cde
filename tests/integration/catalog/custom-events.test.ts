import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import {
  createCustomEventDeclaration,
  deleteCustomEventDeclaration,
  updateCustomEventDeclaration,
} from "@/lib/catalog/catalog-actions";
import { actionFrameAs } from "@/tests/support/action-frame-as";
import { auditEntries, configVersionOf, demoUserId, scratchProject } from "@/tests/support/catalog-fixtures";
import { whyNot } from "@/lib/auth/permissions";
import {
  createCustomEvent,
  deleteCustomEvent,
  listCustomEvents,
  updateCustomEvent,
} from "@/lib/catalog/custom-events";
import { startBackfill } from "@/lib/destinations/backfills";
import { createDestination } from "@/lib/destinations/create-destination";
import { newDestinationId } from "@/lib/destinations/destination-id";
import { deleteDestination, updateSchedule } from "@/lib/destinations/manage-destination";
import { planBackfillChunk } from "@/lib/exports/plan-backfill-chunk";
import { planRun } from "@/lib/exports/plan-run";
import { storeEvents } from "@/lib/ingest/store-events";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";
import { destinationInput } from "@/tests/support/destination-input";

// Issue 17, item 3: custom events are named ORs of event types with conditions. Each change
// bumps the project's config version and is audited; names are unique per project whatever
// their case; one a live destination's filter selects cannot be deleted; a destination stores
// the custom event's id, and a run freezes its definition when it is planned.

// The actions run through the portal's frame, with real roles, as the caller the test names.
const caller = { id: "" };
const { projectAction } = actionFrameAs(() => caller.id || null);
const createCustomEventAction = projectAction(createCustomEventDeclaration);
const deleteCustomEventAction = projectAction(deleteCustomEventDeclaration);
const updateCustomEventAction = projectAction(updateCustomEventDeclaration);

const HOST = "dbc-custom-events.cloud.databricks.com";
let project: { id: string; slug: string; appId: bigint };
let otherProject: { id: string; slug: string; appId: bigint };
let actor: { userId: string; organizationId: string; projectId: string };
const scope = () => ({ org: "acme", project: project.slug });
const userId = demoUserId;
const configVersion = () => configVersionOf(project.id);
const auditOf = (action: string) => auditEntries(project.id, action);
const newProject = (organizationId: string) => scratchProject(organizationId, "ce", "Custom events");

/** A due destination of the test's project whose filter selects `customEventId`. */
async function destinationSelecting(customEventId: string, now = new Date()) {
  const id = newDestinationId();
  await createDestination(
    actor,
    id,
    {
      ...destinationInput({
        workspaceHost: `https://${HOST}`,
        clientId: "6f2c1b7e-1111-4222-8333-444455556666",
        warehouseId: "0123456789abcdef",
        table: `ce_${id}`,
      }),
      filter: { eventTypes: null, customEvent: { id: customEventId }, conditions: [] },
    },
    [HOST],
    now,
  );
  await db.destination.update({ where: { id }, data: { nextRunAt: new Date(Date.now() - 60_000) } });
  return db.destination.findUniqueOrThrow({ where: { id } });
}

const checkout = {
  name: "Checkout",
  description: "Purchases over 10, and signups",
  definition: {
    anyOf: [
      {
        eventType: "purchase",
        conditions: [{ scope: "event" as const, property: "price", operator: "greater" as const, value: 10 }],
      },
      { eventType: "signup", conditions: [] },
    ],
  },
};

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  const demo = await db.project.findUniqueOrThrow({ where: { apiKey: DEFAULT_DEMO_API_KEY } });
  project = await newProject(demo.organizationId);
  otherProject = await newProject(demo.organizationId);
  actor = {
    userId: await userId("manager@acme.test"),
    organizationId: demo.organizationId,
    projectId: project.id,
  };
});
afterAll(async () => {
  // The files of a run share one database: what this file made goes (the seed test counts
  // projects; the scheduler must find none of these destinations). Runs and backfills go with them.
  const ids = [project.id, otherProject.id];
  const destinations = await db.destination.findMany({
    where: { projectId: { in: ids } },
    select: { id: true },
  });
  await db.auditEvent.deleteMany({
    where: { resourceId: { in: [...ids, ...destinations.map((d) => d.id)] } },
  });
  await db.customEvent.deleteMany({ where: { projectId: { in: ids } } });
  await db.event.deleteMany({ where: { projectId: { in: ids } } });
  await db.project.deleteMany({ where: { id: { in: ids } } });
  await db.$disconnect();
});

describe("custom events", () => {
  let checkoutId: string;

  it("a manager creates one: the config version goes up and the audit log holds it", async () => {
    caller.id = actor.userId;
    const version = await configVersion();
    expect(await createCustomEventAction(scope(), checkout)).toMatchObject({ ok: true });
    expect(await configVersion()).toBe(version + 1);
    const [item] = await listCustomEvents(project.id);
    checkoutId = item!.id;
    expect(item).toMatchObject({
      name: "Checkout",
      description: "Purchases over 10, and signups",
      sentence: "“purchase” where event property “price” is greater than “10”, or “signup”",
    });
    const [entry] = await auditOf("customEvent.create");
    expect(entry).toMatchObject({
      actorId: actor.userId,
      resourceType: "project",
      after: { id: checkoutId, ...checkout },
    });
  });

  it("refuses a name another live custom event of the project has, whatever its case", async () => {
    caller.id = actor.userId;
    const version = await configVersion();
    expect(await createCustomEventAction(scope(), { ...checkout, name: " CHECKOUT " })).toEqual({
      ok: false,
      message: "A custom event named “Checkout” exists already.",
      fieldErrors: { name: "A custom event named “Checkout” exists already." },
    });
    const other = await createCustomEvent(actor, { ...checkout, name: "Signup only" });
    await expect(updateCustomEvent(actor, other.id, { ...checkout, name: "checkout" })).rejects.toMatchObject(
      {
        code: "CONFLICT",
        field: "name",
      },
    );
    // Another project may use it; a deleted custom event's name is free again.
    await createCustomEvent({ ...actor, projectId: otherProject.id }, checkout);
    await deleteCustomEvent(actor, other.id);
    const again = await createCustomEvent(actor, { ...checkout, name: "signup ONLY" });
    expect(await configVersion()).toBe(version + 3);
    await deleteCustomEvent(actor, again.id);
  });

  it("refuses invalid input with field errors, and members and viewers altogether", async () => {
    caller.id = actor.userId;
    expect(await createCustomEventAction(scope(), { name: "", definition: { anyOf: [] } })).toMatchObject({
      ok: false,
      fieldErrors: {
        name: "Enter a name for the custom event.",
        "definition.anyOf": "Add at least one event type",
      },
    });
    const version = await configVersion();
    for (const email of ["member@acme.test", "viewer@acme.test"]) {
      caller.id = await userId(email);
      const refused = { ok: false, message: whyNot("catalog.write") };
      expect(await createCustomEventAction(scope(), { ...checkout, name: "Nope" })).toEqual(refused);
      expect(await updateCustomEventAction(scope(), { ...checkout, id: checkoutId })).toEqual(refused);
      expect(await deleteCustomEventAction(scope(), { id: checkoutId })).toEqual(refused);
    }
    expect(await configVersion()).toBe(version);
  });

  it("an edit is audited with before and after; another project's custom event is not found", async () => {
    caller.id = actor.userId;
    const version = await configVersion();
    const edited = { ...checkout, description: "Purchases and signups" };
    expect(await updateCustomEventAction(scope(), { ...edited, id: checkoutId })).toMatchObject({ ok: true });
    expect(await configVersion()).toBe(version + 1);
    const [entry] = await auditOf("customEvent.update");
    expect(entry).toMatchObject({
      before: { id: checkoutId, description: "Purchases over 10, and signups" },
      after: { id: checkoutId, description: "Purchases and signups" },
    });
    const [foreign] = await listCustomEvents(otherProject.id);
    expect(await updateCustomEventAction(scope(), { ...checkout, id: foreign!.id })).toEqual({
      ok: false,
      message: "This custom event does not exist (any more).",
    });
    expect(await deleteCustomEventAction(scope(), { id: foreign!.id })).toMatchObject({ ok: false });
    expect(await listCustomEvents(otherProject.id)).toHaveLength(1);
  });

  it("a destination's filter stores the id of a live custom event of its own project only", async () => {
    const destination = await destinationSelecting(checkoutId);
    expect(destination.filter).toEqual({ eventTypes: null, customEvent: { id: checkoutId }, conditions: [] });
    // A name and a definition sent with the filter are not stored: the run expands them.
    await updateSchedule(actor, destination, {
      frequencyMinutes: 15,
      filter: {
        eventTypes: null,
        customEvent: { id: checkoutId, name: "Forged", definition: { anyOf: [] } },
        conditions: [],
      },
    });
    expect((await db.destination.findUniqueOrThrow({ where: { id: destination.id } })).filter).toMatchObject({
      customEvent: { id: checkoutId },
    });
    const [foreign] = await listCustomEvents(otherProject.id);
    const refused = { code: "NOT_FOUND", field: "filter.customEvent" };
    await expect(
      updateSchedule(actor, destination, {
        frequencyMinutes: 15,
        filter: { eventTypes: null, customEvent: { id: foreign!.id }, conditions: [] },
      }),
    ).rejects.toMatchObject(refused);
    await expect(destinationSelecting(foreign!.id)).rejects.toMatchObject(refused);
    await deleteDestination(actor, destination);
  });

  it("cannot be deleted while a live destination's filter selects it, even a paused one; the message names it", async () => {
    caller.id = actor.userId;
    const destination = await destinationSelecting(checkoutId);
    await db.destination.update({ where: { id: destination.id }, data: { state: "PAUSED" } });
    const version = await configVersion();
    expect(await deleteCustomEventAction(scope(), { id: checkoutId })).toEqual({
      ok: false,
      message: `“Checkout” is selected by the filter of destination “${destination.name}”: choose another filter there first.`,
    });
    expect(await configVersion()).toBe(version);
    await deleteDestination(actor, destination);
    expect(await deleteCustomEventAction(scope(), { id: checkoutId })).toMatchObject({ ok: true });
    expect(await configVersion()).toBe(version + 1);
    const row = await db.customEvent.findUniqueOrThrow({ where: { id: checkoutId } });
    expect(row.deletedAt).not.toBeNull();
    const entry = (await auditOf("customEvent.delete")).at(-1);
    expect(entry).toMatchObject({ before: { id: checkoutId, name: "Checkout" } });
    expect(await listCustomEvents(project.id)).toEqual([]);
  });

  it("a run and a backfill chunk freeze the custom event's name and definition when planned", async () => {
    const { id } = await createCustomEvent(actor, { ...checkout, name: "Frozen" });
    // The destination starts in two days: the event stored now is history, for a backfill.
    const destination = await destinationSelecting(id, new Date(Date.now() + 2 * 86_400_000));
    await storeEvents(
      project,
      [
        {
          index: 0,
          eventType: "signup",
          deviceId: "ce-device",
          userId: null,
          time: null,
          insertId: null,
          raw: {},
        },
      ],
      { receivedAt: new Date(), requestIp: null },
    );
    const frozen = { id, name: "Frozen", definition: checkout.definition };
    const planned = await planRun(destination.id, "test-worker");
    const run = await db.exportRun.findUniqueOrThrow({ where: { id: planned!.runId } });
    expect(run.filter).toEqual({ eventTypes: null, customEvent: frozen, conditions: [] });

    const backfill = await startBackfill(actor, destination, {
      backfillFrom: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
      redeliver: false,
    });
    const chunk = await planBackfillChunk(backfill.id, "test-worker");
    expect(chunk).toMatchObject({ destinationId: destination.id });
    const chunkRun = await db.exportRun.findUniqueOrThrow({
      where: { id: (chunk as { runId: string }).runId },
    });
    expect(chunkRun.filter).toEqual({ eventTypes: null, customEvent: frozen, conditions: [] });
    await db.backfill.update({ where: { id: backfill.id }, data: { status: "CANCELLED" } });
    await db.exportRun.updateMany({ where: { destinationId: destination.id }, data: { status: "FAILED" } });
    await deleteDestination(actor, destination);
  });

  it("a run whose custom event was deleted meanwhile fails where people see it, and is not retried in a loop", async () => {
    const { id } = await createCustomEvent(actor, { ...checkout, name: "Vanishing" });
    const destination = await destinationSelecting(id);
    // A deletion the guard would refuse, as a race or a direct change could leave it.
    await db.customEvent.update({ where: { id }, data: { deletedAt: new Date() } });
    const now = new Date();
    expect(await planRun(destination.id, "test-worker", now)).toBeNull();
    const runs = await db.exportRun.findMany({ where: { destinationId: destination.id } });
    expect(runs).toEqual([
      expect.objectContaining({
        status: "FAILED",
        errorClass: "FILTER_UNAVAILABLE",
        errorMessage: expect.stringMatching(/custom event this destination's filter selects .* was deleted/),
      }),
    ]);
    const after = await db.destination.findUniqueOrThrow({ where: { id: destination.id } });
    expect(after.health).toBe("FAILING");
    expect(after.nextRunAt.getTime()).toBeGreaterThan(now.getTime());
    expect(await db.alert.findMany({ where: { destinationId: destination.id, resolvedAt: null } })).toEqual([
      expect.objectContaining({ kind: "FAILING" }),
    ]);
    // Not due again before its next tick: planning now opens nothing more.
    expect(await planRun(destination.id, "test-worker", now)).toBeNull();
    expect(await db.exportRun.count({ where: { destinationId: destination.id } })).toBe(1);
    await deleteDestination(actor, destination);
  });
});
