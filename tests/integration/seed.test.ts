import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { verifyPassword } from "@/lib/auth/password";
import { DEFAULT_DEMO_API_KEY, DEMO_USERS, seedDemo } from "@/prisma/seed";

afterAll(() => db.$disconnect());

describe("demo seed", () => {
  it("creates the demo organizations, projects and one user per role, and can run twice", async () => {
    await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "first-password" });
    await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });

    const organizations = await db.organization.findMany({
      include: { projects: true },
      orderBy: { slug: "asc" },
    });
    expect(organizations.map((org) => [org.name, org.projects.map((project) => project.name)])).toEqual([
      ["Acme Analytics", ["Acme Web"]],
      ["Globex", ["Globex App"]],
    ]);
    const acmeWeb = organizations[0]!.projects[0]!;
    expect(acmeWeb.apiKey).toBe(DEFAULT_DEMO_API_KEY);
    expect(organizations[1]!.projects[0]!.apiKey).toMatch(/^[0-9a-f]{32}$/);

    const memberships = await db.membership.findMany({ include: { user: true, organization: true } });
    expect(memberships).toHaveLength(DEMO_USERS.length);
    const roles = Object.fromEntries(
      memberships.map((m) => [m.user.email, `${m.organization.slug}:${m.role}`]),
    );
    expect(roles).toEqual({
      "admin@acme.test": "acme:ADMIN",
      "manager@acme.test": "acme:MANAGER",
      "member@acme.test": "acme:MEMBER",
      "viewer@acme.test": "acme:VIEWER",
      "globex-admin@globex.test": "globex:ADMIN",
    });

    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
    expect(await verifyPassword("deltaport-demo", admin.passwordHash)).toBe(true);
    expect(await verifyPassword("first-password", admin.passwordHash)).toBe(false);
  });
});
