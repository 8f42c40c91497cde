import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { findProjectAccess } from "@/lib/auth/access";
import { createOrganization } from "@/lib/organizations/create-organization";
import { createProject } from "@/lib/projects/create-project";
import { deleteProject, renameProject } from "@/lib/projects/manage-project";
import { homePath, listWorkspaces } from "@/lib/workspaces";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";

// Issue 16, item 4: creating, renaming and (softly) deleting projects, and new organizations.

let acme: { id: string };
let globex: { id: string };
let admin: { id: string };

// What the tests create, removed afterwards: the files of a run share one database, and
// others count the demo's organizations, projects and memberships.
const createdProjects: string[] = [];
const createdOrganizations: string[] = [];

const userId = async (email: string) => (await db.user.findUniqueOrThrow({ where: { email } })).id;
async function create(organizationId: string, name: string) {
  const project = await createProject({ organizationId, actorId: admin.id, name });
  createdProjects.push(project.id);
  return project;
}
async function newOrganization(input: Parameters<typeof createOrganization>[0]) {
  const created = await createOrganization(input);
  createdOrganizations.push(created.organization.id);
  return created;
}
const actorOf = (project: { id: string; organizationId: string }) => ({
  userId: admin.id,
  organizationId: project.organizationId,
  projectId: project.id,
});
const auditOf = (resourceId: string, action: string) =>
  db.auditEvent.findMany({ where: { resourceId, action } });

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  acme = await db.organization.findUniqueOrThrow({ where: { slug: "acme" } });
  globex = await db.organization.findUniqueOrThrow({ where: { slug: "globex" } });
  admin = { id: await userId("admin@acme.test") };
});
afterAll(async () => {
  await db.auditEvent.deleteMany({ where: { resourceId: { in: createdProjects } } });
  await db.project.deleteMany({ where: { id: { in: createdProjects } } });
  // Their memberships, projects and audit entries go with them.
  await db.organization.deleteMany({ where: { id: { in: createdOrganizations } } });
  await db.$disconnect();
});

describe("creating a project", () => {
  it("stores it in the organization with a slug from its name, its own API key, and an audit entry", async () => {
    const created = await create(acme.id, "Mobile App (iOS)");
    expect(created).toMatchObject({ slug: "mobile-app-ios", name: "Mobile App (iOS)" });
    const stored = await db.project.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored).toMatchObject({ organizationId: acme.id, deletedAt: null });
    expect(stored.apiKey).toMatch(/^[0-9a-f]{32}$/);
    expect(stored.apiKey).not.toBe(DEFAULT_DEMO_API_KEY);
    expect(await auditOf(created.id, "project.create")).toEqual([
      expect.objectContaining({
        organizationId: acme.id,
        actorId: admin.id,
        resourceType: "project",
        after: { name: "Mobile App (iOS)", slug: "mobile-app-ios" },
      }),
    ]);
    expect((await findProjectAccess(admin.id, "acme", "mobile-app-ios"))?.project.name).toBe(
      "Mobile App (iOS)",
    );
  });

  it("gives every project its own key", async () => {
    const [one, two] = await Promise.all([create(acme.id, "Key one"), create(acme.id, "Key two")]);
    const keys = await db.project.findMany({
      where: { id: { in: [one.id, two.id] } },
      select: { apiKey: true },
    });
    expect(new Set(keys.map((project) => project.apiKey)).size).toBe(2);
  });

  it("never gives a slug twice in an organization, deleted projects' included", async () => {
    expect((await create(acme.id, "Acme Web")).slug).toBe("acme-web-2");
    const first = await create(acme.id, "Checkout");
    const second = await create(acme.id, "checkout!");
    expect([first.slug, second.slug]).toEqual(["checkout", "checkout-2"]);
    await deleteProject(actorOf({ id: second.id, organizationId: acme.id }));
    expect((await create(acme.id, "Checkout")).slug).toBe("checkout-3");
    // Another organization has slugs of its own.
    expect((await create(globex.id, "Checkout")).slug).toBe("checkout");
    // "new" would be shadowed by the New project page.
    expect((await create(acme.id, "New")).slug).toBe("new-2");
  });

  it("gives projects created at once under one name different slugs", async () => {
    const created = await Promise.all([1, 2, 3, 4].map(() => create(acme.id, "Race")));
    expect(created.map((project) => project.slug).sort()).toEqual(["race", "race-2", "race-3", "race-4"]);
  });
});

describe("renaming a project", () => {
  it("changes its name, keeps its slug and key, and audits before and after", async () => {
    const created = await create(acme.id, "Old name");
    const before = await db.project.findUniqueOrThrow({ where: { id: created.id } });
    await renameProject(actorOf(before), "New name");
    const after = await db.project.findUniqueOrThrow({ where: { id: created.id } });
    expect(after).toMatchObject({ name: "New name", slug: "old-name", apiKey: before.apiKey });
    expect(await auditOf(created.id, "project.rename")).toEqual([
      expect.objectContaining({
        actorId: admin.id,
        before: { name: "Old name" },
        after: { name: "New name" },
      }),
    ]);
    // The same name again changes nothing and records nothing.
    await renameProject(actorOf(before), "New name");
    expect(await auditOf(created.id, "project.rename")).toHaveLength(1);
  });

  it("does not find a project of another organization, nor a deleted one", async () => {
    const created = await create(acme.id, "Tenant test");
    const project = await db.project.findUniqueOrThrow({ where: { id: created.id } });
    await expect(
      renameProject({ ...actorOf(project), organizationId: globex.id }, "Taken"),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await deleteProject(actorOf(project));
    await expect(renameProject(actorOf(project), "Back")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteProject(actorOf(project))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.project.findUniqueOrThrow({ where: { id: created.id } })).name).toBe("Tenant test");
  });
});

describe("deleting a project", () => {
  it("takes it out of the portal and keeps its row, with an audit entry", async () => {
    const created = await create(acme.id, "Zz short-lived");
    const project = await db.project.findUniqueOrThrow({ where: { id: created.id } });
    const listed = async () =>
      (await listWorkspaces(admin.id)).find((workspace) => workspace.organization.slug === "acme")!.projects;
    expect((await listed()).map((p) => p.slug)).toContain("zz-short-lived");

    await deleteProject(actorOf(project), new Date("2026-12-01T12:00:00Z"));
    expect((await listed()).map((p) => p.slug)).not.toContain("zz-short-lived");
    expect(await findProjectAccess(admin.id, "acme", "zz-short-lived")).toBeNull();
    expect(await db.project.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      deletedAt: new Date("2026-12-01T12:00:00Z"),
      name: "Zz short-lived",
    });
    expect(await auditOf(created.id, "project.delete")).toEqual([
      expect.objectContaining({
        organizationId: acme.id,
        actorId: admin.id,
        before: { name: "Zz short-lived", slug: "zz-short-lived" },
      }),
    ]);
  });

  it("leads the organization's members to a live project, or to none", async () => {
    const user = await userId("globex-admin@globex.test");
    const { organization, project } = await newOrganization({
      userId: user,
      organizationName: "Aaa first by name",
      projectName: "Only project",
    });
    // The new organization sorts first: its project is where the user lands.
    expect(await homePath(user)).toBe(`/orgs/${organization.slug}/projects/${project.slug}`);
    await deleteProject({ userId: user, organizationId: organization.id, projectId: project.id });
    // The next organization by name (Globex: an earlier test gave it a project that sorts first).
    expect(await homePath(user)).toBe("/orgs/globex/projects/checkout");
    const workspace = (await listWorkspaces(user)).find((w) => w.organization.slug === organization.slug);
    expect(workspace?.projects).toEqual([]);
  });
});

describe("creating an organization", () => {
  it("makes the caller its admin, with a first project, and audits both", async () => {
    const viewer = await userId("viewer@acme.test");
    const { organization, project } = await newOrganization({
      userId: viewer,
      organizationName: "Viewer's Lab",
      projectName: "Lab Web",
    });
    expect(organization).toMatchObject({ slug: "viewer-s-lab", name: "Viewer's Lab" });
    expect(project).toMatchObject({ slug: "lab-web", name: "Lab Web" });
    const access = await findProjectAccess(viewer, organization.slug, project.slug);
    expect(access?.role).toBe("ADMIN");
    // The caller's role elsewhere is untouched.
    expect((await findProjectAccess(viewer, "acme", "acme-web"))?.role).toBe("VIEWER");
    expect(await db.membership.count({ where: { organizationId: organization.id } })).toBe(1);
    const audit = await db.auditEvent.findMany({
      where: { organizationId: organization.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((entry) => [entry.action, entry.resourceId, entry.actorId])).toEqual([
      ["organization.create", organization.id, viewer],
      ["project.create", project.id, viewer],
    ]);
  });

  it("gives every organization a slug of its own", async () => {
    const viewer = await userId("viewer@acme.test");
    const make = (organizationName: string) =>
      newOrganization({ userId: viewer, organizationName, projectName: "Web" });
    expect((await make("Acme")).organization.slug).toBe("acme-2");
    expect((await make("ACME")).organization.slug).toBe("acme-3");
    expect((await make("New")).organization.slug).toBe("new-2");
    const racing = await Promise.all([1, 2, 3].map(() => make("Globex Two")));
    expect(racing.map((created) => created.organization.slug).sort()).toEqual([
      "globex-two",
      "globex-two-2",
      "globex-two-3",
    ]);
  });
});
