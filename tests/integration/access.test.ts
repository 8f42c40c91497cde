import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { authorizeCredentials } from "@/lib/auth/options";
import { findProjectAccess } from "@/lib/auth/access";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";

const PASSWORD = "deltaport-demo";
const userId = async (email: string) => (await db.user.findUniqueOrThrow({ where: { email } })).id;

beforeAll(() => seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: PASSWORD }));
afterAll(() => db.$disconnect());

describe("credentials sign-in", () => {
  it("accepts the right e-mail and password, in any case of e-mail", async () => {
    expect(
      await authorizeCredentials({ email: "Admin@Acme.test", password: PASSWORD }, new Headers()),
    ).toMatchObject({
      email: "admin@acme.test",
    });
  });

  it("answers a wrong password and an unknown e-mail alike", async () => {
    expect(
      await authorizeCredentials({ email: "admin@acme.test", password: "wrong" }, new Headers()),
    ).toBeNull();
    expect(
      await authorizeCredentials({ email: "nobody@acme.test", password: PASSWORD }, new Headers()),
    ).toBeNull();
    expect(
      await authorizeCredentials({ email: "not an email", password: PASSWORD }, new Headers()),
    ).toBeNull();
    expect(await authorizeCredentials(undefined, new Headers())).toBeNull();
  });
});

describe("project access", () => {
  it("gives each member their role from the database", async () => {
    for (const [email, role] of [
      ["admin@acme.test", "ADMIN"],
      ["manager@acme.test", "MANAGER"],
      ["member@acme.test", "MEMBER"],
      ["viewer@acme.test", "VIEWER"],
    ] as const) {
      const access = await findProjectAccess(await userId(email), "acme", "acme-web");
      expect(access?.role).toBe(role);
      expect(access?.project.name).toBe("Acme Web");
    }
  });

  it("does not find another organization's project, nor a project of the wrong organization", async () => {
    const globexAdmin = await userId("globex-admin@globex.test");
    expect(await findProjectAccess(globexAdmin, "acme", "acme-web")).toBeNull();
    expect(await findProjectAccess(globexAdmin, "globex", "acme-web")).toBeNull();
    expect(await findProjectAccess(globexAdmin, "globex", "globex-app")).toMatchObject({ role: "ADMIN" });
  });

  it("sees a role change at once, since nothing is cached across requests", async () => {
    const viewer = await userId("viewer@acme.test");
    const organization = await db.organization.findUniqueOrThrow({ where: { slug: "acme" } });
    await db.membership.update({
      where: { userId_organizationId: { userId: viewer, organizationId: organization.id } },
      data: { role: "MANAGER" },
    });
    expect((await findProjectAccess(viewer, "acme", "acme-web"))?.role).toBe("MANAGER");
    await db.membership.update({
      where: { userId_organizationId: { userId: viewer, organizationId: organization.id } },
      data: { role: "VIEWER" },
    });
    expect((await findProjectAccess(viewer, "acme", "acme-web"))?.role).toBe("VIEWER");
  });
});
