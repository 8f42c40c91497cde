import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashLinkToken } from "@/lib/auth/link-tokens";
import { db } from "@/lib/db/prisma";
import {
  acceptInvitation,
  acceptInvitationWithNewAccount,
  INVITATION_LIFETIME_MS,
  invitationByToken,
  inviteMember,
  revokeInvitation,
} from "@/lib/members/invitations";
import { startSmtpCapture } from "@/tests/support/smtp-capture";

// Invitations against the real database: stored by the hash of their token only, valid 7 days,
// usable once, by the e-mail they name.

const SLUG = `invitations-${Date.now()}`;
let organizationId: string;
let adminId: string;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
const tokenOf = (link: string) => link.split("/invite/")[1]!;

beforeAll(async () => {
  // The run's SMTP_URL (global setup): invitations are e-mailed when mail is configured.
  smtp = await startSmtpCapture(Number(new URL(process.env.SMTP_URL!).port));
  const admin = await db.user.create({ data: { email: `${SLUG}-admin@example.test`, name: "Admin" } });
  adminId = admin.id;
  organizationId = (
    await db.organization.create({
      data: {
        slug: SLUG,
        name: "Invitations Inc",
        memberships: { create: { userId: admin.id, role: "ADMIN" } },
      },
    })
  ).id;
});

afterAll(async () => {
  await smtp.close();
  await db.organization.deleteMany({ where: { slug: SLUG } });
  await db.user.deleteMany({ where: { email: { startsWith: SLUG } } });
});

const actor = () => ({ organizationId, userId: adminId });

describe("invitations", () => {
  it("store only the SHA-256 of the link's token, and audit who invited whom", async () => {
    const email = `${SLUG}-hashed@example.test`;
    const { link, emailed } = await inviteMember(actor(), { email, role: "MANAGER" });
    const token = tokenOf(link);
    expect(emailed).toBe(true);
    const mail = smtp.mails.find((candidate) => candidate.to.includes(email))!;
    // Quoted-printable: long lines are folded with a trailing "=".
    expect(mail.data.replace(/=\r\n/g, "")).toContain(link);
    expect(mail.data).toContain("Subject: You are invited to Invitations Inc on Deltaport");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await db.invitation.findFirstOrThrow({ where: { organizationId, email } });
    expect(stored.tokenHash).toBe(hashLinkToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeGreaterThan(
      INVITATION_LIFETIME_MS - 5_000,
    );
    const audit = await db.auditEvent.findFirstOrThrow({ where: { resourceId: stored.id } });
    expect(audit).toMatchObject({
      action: "invitation.create",
      actorId: adminId,
      after: { email, role: "MANAGER" },
    });
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("work once: a second use, even by the same person, is refused", async () => {
    const email = `${SLUG}-once@example.test`;
    const token = tokenOf((await inviteMember(actor(), { email, role: "VIEWER" })).link);
    const first = await acceptInvitationWithNewAccount(token, {
      name: "Once",
      password: "a-long-enough-password",
    });
    expect(first).toEqual({ email, organizationSlug: SLUG });
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(
      await db.membership.findUnique({
        where: { userId_organizationId: { userId: user.id, organizationId } },
      }),
    ).toMatchObject({ role: "VIEWER" });
    await expect(acceptInvitation(token, user)).rejects.toThrow("already been used");
    expect(await invitationByToken(token)).toEqual({ state: "used" });
  });

  it("expire after 7 days", async () => {
    const email = `${SLUG}-late@example.test`;
    const invitedAt = new Date();
    const token = tokenOf((await inviteMember(actor(), { email, role: "MEMBER" }, invitedAt)).link);
    const justBefore = new Date(invitedAt.getTime() + INVITATION_LIFETIME_MS - 1000);
    const after = new Date(invitedAt.getTime() + INVITATION_LIFETIME_MS + 1000);
    expect(await invitationByToken(token, justBefore)).toMatchObject({ state: "pending", email });
    expect(await invitationByToken(token, after)).toEqual({ state: "expired" });
    await expect(
      acceptInvitationWithNewAccount(token, { name: "Late", password: "a-long-enough-password" }, after),
    ).rejects.toThrow("expired");
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
  });

  it("cannot be used by an account with another e-mail", async () => {
    const token = tokenOf(
      (await inviteMember(actor(), { email: `${SLUG}-meant@example.test`, role: "ADMIN" })).link,
    );
    const other = await db.user.create({ data: { email: `${SLUG}-other@example.test` } });
    await expect(acceptInvitation(token, other)).rejects.toThrow(
      "not for the account you are signed in with",
    );
    expect(await db.membership.count({ where: { userId: other.id } })).toBe(0);
    expect(await invitationByToken(token)).toMatchObject({ state: "pending" });
  });

  it("stop working when revoked, or when a newer one is made for the same e-mail", async () => {
    const email = `${SLUG}-revoked@example.test`;
    const older = tokenOf((await inviteMember(actor(), { email, role: "MEMBER" })).link);
    const newer = tokenOf((await inviteMember(actor(), { email, role: "MANAGER" })).link);
    expect(await invitationByToken(older)).toEqual({ state: "revoked" });
    const pending = await db.invitation.findFirstOrThrow({ where: { tokenHash: hashLinkToken(newer) } });
    await revokeInvitation(actor(), pending.id);
    expect(await invitationByToken(newer)).toEqual({ state: "revoked" });
    await expect(revokeInvitation(actor(), pending.id)).rejects.toThrow("no longer pending");
  });

  it("are refused for someone already a member, and say nothing for a malformed token", async () => {
    await expect(
      inviteMember(actor(), { email: `${SLUG}-admin@example.test`, role: "MEMBER" }),
    ).rejects.toThrow("already a member");
    expect(await invitationByToken("not-a-token")).toEqual({ state: "unknown" });
    expect(await invitationByToken("A".repeat(43))).toEqual({ state: "unknown" });
  });
});
