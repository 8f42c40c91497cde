import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { addTransformationDeclaration, deleteTransformationDeclaration } from "@/lib/catalog/catalog-actions";
import { actionFrameAs } from "@/tests/support/action-frame-as";
import { auditEntries, configVersionOf, demoUserId, scratchProject } from "@/tests/support/catalog-fixtures";
import { whyNot } from "@/lib/auth/permissions";
import {
  createTransformation,
  deleteTransformation,
  listTransformations,
} from "@/lib/catalog/transformations";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";

// Issue 17, item 2: transformations are definitions in the portal's database. Each change bumps
// the project's config version and is audited; contradictions are refused, naming the field;
// admins and managers change them, members and viewers do not.

// The actions run through the portal's frame, with real roles, as the caller the test names.
const caller = { id: "" };
const { projectAction } = actionFrameAs(() => caller.id || null);
const addTransformationAction = projectAction(addTransformationDeclaration);
const deleteTransformationAction = projectAction(deleteTransformationDeclaration);

let project: { id: string; slug: string };
let otherProject: { id: string; slug: string };
let actor: { userId: string; organizationId: string; projectId: string };
const scope = () => ({ org: "acme", project: project.slug });
const userId = demoUserId;
const configVersion = (projectId = project.id) => configVersionOf(projectId);
const auditOf = (action: string) => auditEntries(project.id, action);
const newProject = (organizationId: string) => scratchProject(organizationId, "tf", "Transformations");

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
  // The files of a run share one database: what this file made goes (the seed test counts projects).
  const ids = [project.id, otherProject.id];
  await db.auditEvent.deleteMany({ where: { resourceId: { in: ids } } });
  await db.transformation.deleteMany({ where: { projectId: { in: ids } } });
  await db.project.deleteMany({ where: { id: { in: ids } } });
  await db.$disconnect();
});

const merge = { kind: "MERGE_EVENTS", into: "Cart", from: ["add_to_cart", "cart_add"] } as const;

describe("transformations", () => {
  it("a manager adds one: the config version goes up and the audit log holds its definition", async () => {
    caller.id = actor.userId;
    const version = await configVersion();
    expect(await addTransformationAction(scope(), merge)).toMatchObject({ ok: true });
    expect(await configVersion()).toBe(version + 1);
    const [row] = await db.transformation.findMany({ where: { projectId: project.id } });
    expect(row).toMatchObject({
      kind: "MERGE_EVENTS",
      definition: { into: "Cart", from: ["add_to_cart", "cart_add"] },
      createdById: actor.userId,
    });
    const [entry] = await auditOf("transformation.create");
    expect(entry).toMatchObject({
      actorId: actor.userId,
      resourceType: "project",
      after: {
        id: row!.id,
        kind: "MERGE_EVENTS",
        definition: { into: "Cart", from: ["add_to_cart", "cart_add"] },
      },
    });
    expect((await listTransformations(project.id)).map((t) => t.sentence)).toEqual([
      "Merge event types “add_to_cart” and “cart_add” into “Cart”",
    ]);
  });

  it("refuses a contradiction or a duplicate with the field named, and changes nothing", async () => {
    caller.id = actor.userId;
    const version = await configVersion();
    expect(
      await addTransformationAction(scope(), { kind: "MERGE_EVENTS", into: "Basket", from: ["cart_add"] }),
    ).toEqual({
      ok: false,
      message: "“cart_add” is already merged into “Cart”: a name can be merged into one target only",
      fieldErrors: {
        "from.0": "“cart_add” is already merged into “Cart”: a name can be merged into one target only",
      },
    });
    expect(
      await addTransformationAction(scope(), { kind: "MERGE_EVENTS", into: "add_to_cart", from: ["x"] }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { into: "“add_to_cart” is itself merged into “Cart”: merge into “Cart” instead" },
    });
    expect(
      await addTransformationAction(scope(), { kind: "MERGE_EVENTS", into: "", from: [] }),
    ).toMatchObject({
      ok: false,
      fieldErrors: {
        into: "Name the event type to merge into",
        from: "Name at least one event type to merge",
      },
    });
    expect(await configVersion()).toBe(version);
    // Another project's transformations are another namespace.
    await createTransformation(
      { ...actor, projectId: otherProject.id },
      { kind: "MERGE_EVENTS", into: "Basket", from: ["cart_add"] },
    );
    expect(await configVersion()).toBe(version);
  });

  it("two concurrent additions cannot together merge one event type into two targets", async () => {
    const outcomes = await Promise.allSettled([
      createTransformation(actor, { kind: "MERGE_EVENTS", into: "Signup", from: ["sign_up"] }),
      createTransformation(actor, { kind: "MERGE_EVENTS", into: "Register", from: ["sign_up"] }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "CONFLICT", field: "from.0" });
  });

  it("members and viewers cannot add or delete one", async () => {
    const version = await configVersion();
    const [row] = await db.transformation.findMany({ where: { projectId: project.id } });
    for (const email of ["member@acme.test", "viewer@acme.test"]) {
      caller.id = await userId(email);
      expect(await addTransformationAction(scope(), { kind: "HIDE_EVENT", eventType: "debug" })).toEqual({
        ok: false,
        message: whyNot("catalog.write"),
      });
      expect(await deleteTransformationAction(scope(), { id: row!.id })).toEqual({
        ok: false,
        message: whyNot("catalog.write"),
      });
    }
    expect(await configVersion()).toBe(version);
    expect(await db.transformation.count({ where: { id: row!.id } })).toBe(1);
  });

  it("a manager deletes one: the config version goes up and the audit log holds what it was", async () => {
    caller.id = actor.userId;
    const row = await db.transformation.findFirstOrThrow({
      where: { projectId: project.id, kind: "MERGE_EVENTS" },
    });
    const version = await configVersion();
    expect(await deleteTransformationAction(scope(), { id: row.id })).toMatchObject({ ok: true });
    expect(await configVersion()).toBe(version + 1);
    expect(await db.transformation.count({ where: { id: row.id } })).toBe(0);
    const entries = await auditOf("transformation.delete");
    expect(entries.at(-1)).toMatchObject({
      actorId: actor.userId,
      before: { id: row.id, kind: row.kind, definition: row.definition },
    });
    // Once gone, what it forbade is allowed.
    expect(
      await addTransformationAction(scope(), { kind: "HIDE_EVENT", eventType: "cart_add" }),
    ).toMatchObject({ ok: true });
  });

  it("another project's transformation is not found, and stays", async () => {
    caller.id = actor.userId;
    const foreign = await db.transformation.findFirstOrThrow({ where: { projectId: otherProject.id } });
    const version = await configVersion(otherProject.id);
    expect(await deleteTransformationAction(scope(), { id: foreign.id })).toEqual({
      ok: false,
      message: "This transformation does not exist (any more).",
    });
    await expect(deleteTransformation(actor, foreign.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.transformation.count({ where: { id: foreign.id } })).toBe(1);
    expect(await configVersion(otherProject.id)).toBe(version);
  });
});
