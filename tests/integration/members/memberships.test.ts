import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { startSession, sessionUser } from "@/lib/auth/user-sessions";
import { changeMemberRole, removeMember } from "@/lib/members/memberships";

// Roles and removals against the real database: an organization always keeps an admin, even
// when two admins demote each other at once, and a removed member's sessions end.

const SLUG = `memberships-${Date.now()}`;
let organizationId: string;
const users: Record<"ada" | "bob" | "cyd", string> = { ada: "", bob: "", cyd: "" };

beforeAll(async () => {
  for (const name of Object.keys(users) as (keyof typeof users)[])
    users[name] = (await db.user.create({ data: { email: `${SLUG}-${name}@example.test` } })).id;
  organizationId = (
    await db.organization.create({
      data: {
        slug: SLUG,
        name: "Memberships Ltd",
        memberships: {
          create: [
            { userId: users.ada, role: "ADMIN" },
            { userId: users.bob, role: "ADMIN" },
            { userId: users.cyd, role: "MEMBER" },
          ],
        },
      },
    })
  ).id;
});

afterAll(async () => {
  await db.organization.deleteMany({ where: { slug: SLUG } });
  await db.user.deleteMany({ where: { email: { startsWith: SLUG } } });
});

const as = (userId: string) => ({ organizationId, userId });
const roleOf = async (userId: string) =>
  (await db.membership.findUnique({ where: { userId_organizationId: { userId, organizationId } } }))?.role;

describe("memberships", () => {
  it("never lose their last admin, even when two admins demote each other at once", async () => {
    const outcomes = await Promise.allSettled([
      changeMemberRole(as(users.ada), users.bob, "MEMBER"),
      changeMemberRole(as(users.bob), users.ada, "MEMBER"),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    expect(String((outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult).reason)).toContain(
      "at least one admin",
    );
    expect(await db.membership.count({ where: { organizationId, role: "ADMIN" } })).toBe(1);
    const admin = (await roleOf(users.ada)) === "ADMIN" ? users.ada : users.bob;
    await expect(removeMember(as(admin), admin)).rejects.toThrow("at least one admin");
    await expect(changeMemberRole(as(admin), admin, "VIEWER")).rejects.toThrow("at least one admin");
    expect(await roleOf(admin)).toBe("ADMIN");
    // Back to two admins for the next test.
    await changeMemberRole(as(admin), admin === users.ada ? users.bob : users.ada, "ADMIN");
  });

  it("record role changes in the audit log", async () => {
    await changeMemberRole(as(users.ada), users.cyd, "MANAGER");
    expect(await roleOf(users.cyd)).toBe("MANAGER");
    expect(
      await db.auditEvent.findFirst({
        where: { organizationId, action: "membership.role.change", resourceId: users.cyd },
        orderBy: { createdAt: "desc" },
      }),
    ).toMatchObject({ actorId: users.ada, before: { role: "MEMBER" }, after: { role: "MANAGER" } });
  });

  it("revoke the pending invitations of an admin who is demoted or removed", async () => {
    const pending = (invitedById: string, email: string) =>
      db.invitation.create({
        data: {
          organizationId,
          email,
          role: "ADMIN",
          tokenHash: `${email}-hash`,
          invitedById,
          expiresAt: new Date(Date.now() + 60_000),
        },
      });
    const bobs = await pending(users.bob, `${SLUG}-bobs-friend@example.test`);
    const adas = await pending(users.ada, `${SLUG}-adas-friend@example.test`);
    await changeMemberRole(as(users.ada), users.bob, "MEMBER");
    expect((await db.invitation.findUniqueOrThrow({ where: { id: bobs.id } })).revokedAt).not.toBeNull();
    expect((await db.invitation.findUniqueOrThrow({ where: { id: adas.id } })).revokedAt).toBeNull();
    await changeMemberRole(as(users.ada), users.bob, "ADMIN");
  });

  it("end a removed member's sessions, and leave a member who leaves signed in", async () => {
    const session = await startSession(users.cyd);
    expect(await sessionUser(session, users.cyd)).toMatchObject({ id: users.cyd });
    await removeMember(as(users.ada), users.cyd);
    expect(await roleOf(users.cyd)).toBeUndefined();
    expect(await sessionUser(session, users.cyd)).toBeNull();

    const own = await startSession(users.bob);
    await removeMember(as(users.bob), users.bob);
    expect(await roleOf(users.bob)).toBeUndefined();
    expect(await sessionUser(own, users.bob)).toMatchObject({ id: users.bob });
    expect(
      await db.auditEvent.findFirst({
        where: { organizationId, action: "membership.leave", resourceId: users.bob },
      }),
    ).not.toBeNull();
  });
});
