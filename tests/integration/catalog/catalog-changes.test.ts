import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import {
  updateEventTypeDeclaration,
  planEventTypeDeclaration,
  updatePropertyDeclaration,
} from "@/lib/catalog/catalog-actions";
import { actionFrameAs } from "@/tests/support/action-frame-as";
import { auditEntries, configVersionOf, demoUserId, scratchProject } from "@/tests/support/catalog-fixtures";
import { planEventType, updateEventType, updateProperty } from "@/lib/catalog/catalog-changes";
import { NEW_CATEGORY } from "@/lib/catalog/catalog-input";
import { catalogEventType, catalogEventTypes } from "@/lib/catalog/catalog-queries";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";

// Issue 17: people's changes to the catalog: each bumps the project's config version and is in
// the audit log with before and after; the actions let admins and managers change it, no one else.

// The actions run through the portal's frame, with real roles, as the caller the test names.
const caller = { id: "" };
const { projectAction } = actionFrameAs(() => caller.id || null);
const updateEventTypeAction = projectAction(updateEventTypeDeclaration);
const planEventTypeAction = projectAction(planEventTypeDeclaration);
const updatePropertyAction = projectAction(updatePropertyDeclaration);

let actor: { userId: string; organizationId: string; projectId: string };
let project: { id: string; slug: string };
let otherProjectId: string;
const scope = () => ({ org: "acme", project: project.slug });
const userId = demoUserId;
const configVersion = () => configVersionOf(project.id);
const auditOf = (action: string) => auditEntries(project.id, action);
const newProject = (organizationId: string) => scratchProject(organizationId, "changes", "Changes");

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  const demo = await db.project.findUniqueOrThrow({ where: { apiKey: DEFAULT_DEMO_API_KEY } });
  project = await newProject(demo.organizationId);
  otherProjectId = (await newProject(demo.organizationId)).id;
  actor = {
    userId: await userId("manager@acme.test"),
    organizationId: demo.organizationId,
    projectId: project.id,
  };
  const seen = new Date("2026-03-02T10:00:00Z");
  await db.catalogEventType.create({
    data: { projectId: project.id, eventType: "Song Played", firstSeen: seen, lastSeen: seen },
  });
  await db.catalogEventTypeDay.createMany({
    data: [
      { projectId: project.id, eventType: "Song Played", day: new Date("2026-03-02"), events: 5n },
      { projectId: project.id, eventType: "Song Played", day: new Date("2026-01-01"), events: 100n },
    ],
  });
  await db.catalogProperty.create({
    data: {
      projectId: project.id,
      scope: "EVENT",
      eventType: "Song Played",
      name: "artist",
      types: ["string"],
      firstSeen: seen,
      lastSeen: seen,
    },
  });
});
afterAll(async () => {
  const projects = [project.id, otherProjectId];
  const where = { projectId: { in: projects } };
  await db.catalogEventType.deleteMany({ where });
  await db.catalogEventTypeDay.deleteMany({ where });
  await db.catalogProperty.deleteMany({ where });
  await db.eventCategory.deleteMany({ where });
  await db.project.deleteMany({ where: { id: { in: projects } } });
  await db.$disconnect();
});

const update = {
  eventType: "Song Played",
  displayName: "Song played",
  description: "A song started playing.",
  categoryId: NEW_CATEGORY,
  newCategory: "Playback",
  status: "LIVE" as const,
};

describe("catalog changes", () => {
  it("an event type update bumps the config version and is audited with before and after", async () => {
    const version = await configVersion();
    await updateEventType(actor, update);
    expect(await configVersion()).toBe(version + 1);
    const [entry] = await auditOf("catalog.eventType.update");
    expect(entry).toMatchObject({
      actorId: actor.userId,
      organizationId: actor.organizationId,
      resourceType: "project",
      before: {
        eventType: "Song Played",
        displayName: null,
        description: null,
        category: null,
        status: "LIVE",
      },
      after: {
        eventType: "Song Played",
        displayName: "Song played",
        description: "A song started playing.",
        category: "Playback",
        status: "LIVE",
      },
    });
    const row = await catalogEventType(project.id, "Song Played", new Date("2026-03-10T00:00:00Z"));
    // Only the last 30 UTC days count: January's 100 events are older.
    expect(row).toMatchObject({ displayName: "Song played", categoryName: "Playback", volume30d: 5 });
    expect(row?.firstSeen).toEqual(new Date("2026-03-02T10:00:00Z"));

    // The same values again change nothing and record nothing.
    const category = await db.eventCategory.findFirstOrThrow({ where: { projectId: project.id } });
    await updateEventType(actor, { ...update, categoryId: category.id, newCategory: "" });
    expect(await configVersion()).toBe(version + 1);

    // Deprecated, without a category: the category stays for others to choose.
    await updateEventType(actor, { ...update, categoryId: "", newCategory: "", status: "DEPRECATED" });
    const [, second] = await auditOf("catalog.eventType.update");
    expect(second).toMatchObject({
      before: { category: "Playback" },
      after: { category: null, status: "DEPRECATED" },
    });
    expect(await configVersion()).toBe(version + 2);
    expect(await db.eventCategory.count({ where: { projectId: project.id } })).toBe(1);
  });

  it("refuses another project's category and an event type not in the catalog", async () => {
    const foreign = await db.eventCategory.create({ data: { projectId: otherProjectId, name: "Foreign" } });
    await expect(updateEventType(actor, { ...update, categoryId: foreign.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
      field: "categoryId",
    });
    await expect(updateEventType(actor, { ...update, eventType: "Never Seen" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // Another project's event type is not found from this one.
    await expect(
      updateEventType({ ...actor, projectId: otherProjectId }, { ...update, newCategory: "X" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a property update and a planned event type bump the version and are audited", async () => {
    const version = await configVersion();
    await updateProperty(actor, {
      scope: "EVENT",
      eventType: "Song Played",
      name: "artist",
      description: "Who performs the song.",
      classifications: ["REVENUE", "PII"],
    });
    expect(await configVersion()).toBe(version + 1);
    const [entry] = await auditOf("catalog.property.update");
    expect(entry).toMatchObject({
      before: { name: "artist", description: null, classifications: [] },
      after: { name: "artist", description: "Who performs the song.", classifications: ["PII", "REVENUE"] },
    });

    await planEventType(actor, { eventType: "Checkout Started" });
    expect(await configVersion()).toBe(version + 2);
    expect(await auditOf("catalog.eventType.plan")).toHaveLength(1);
    const types = await catalogEventTypes(project.id);
    expect(types.find((type) => type.eventType === "Checkout Started")).toMatchObject({
      status: "PLANNED",
      firstSeen: null,
      volume30d: 0,
    });
    await expect(planEventType(actor, { eventType: "Checkout Started" })).rejects.toMatchObject({
      code: "CONFLICT",
      field: "eventType",
    });
  });
});

describe("catalog actions", () => {
  it("let a manager change the catalog and refuse a viewer and a member, changing nothing", async () => {
    const input = { ...update, categoryId: "", newCategory: "", description: "Changed by an action." };
    for (const email of ["viewer@acme.test", "member@acme.test"]) {
      caller.id = await userId(email);
      const version = await configVersion();
      for (const result of [
        await updateEventTypeAction(scope(), input),
        await planEventTypeAction(scope(), { eventType: `Refused ${email}` }),
        await updatePropertyAction(scope(), {
          scope: "EVENT",
          eventType: "Song Played",
          name: "artist",
          description: "Refused",
          classifications: [],
        }),
      ])
        expect(result).toEqual({
          ok: false,
          message: "Only admins and managers of this organization can do this.",
        });
      expect(await configVersion()).toBe(version);
    }
    expect((await catalogEventType(project.id, "Song Played"))?.description).not.toBe(
      "Changed by an action.",
    );

    caller.id = await userId("manager@acme.test");
    expect(await updateEventTypeAction(scope(), input)).toEqual({ ok: true, message: "Event type saved." });
    expect((await catalogEventType(project.id, "Song Played"))?.description).toBe("Changed by an action.");
    // Invalid input answers beside its field.
    expect(await updateEventTypeAction(scope(), { ...input, displayName: "x".repeat(101) })).toMatchObject({
      ok: false,
      fieldErrors: { displayName: "The display name must be at most 100 characters." },
    });
    expect(
      await updateEventTypeAction(scope(), { ...input, categoryId: NEW_CATEGORY, newCategory: " " }),
    ).toMatchObject({ ok: false, fieldErrors: { newCategory: "Enter a name for the new category." } });
  });
});
