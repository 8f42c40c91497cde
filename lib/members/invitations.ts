import "server-only";
import { db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { hashLinkToken, isLinkToken, newLinkToken } from "@/lib/auth/link-tokens";
import { hashNewPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/permissions";
import { AppError, logUnexpectedError } from "@/lib/errors";
import { mailConfigured, sendMail } from "@/lib/mail/send-mail";
import { portalOrigin } from "@/lib/portal-url";

// Invitations to an organization: valid 7 days, usable once, for one e-mail address. The
// link is shown to the inviting admin to pass on, and e-mailed when SMTP is configured.

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export const invitationLink = (token: string) => `${portalOrigin()}/invite/${token}`;

type Inviter = { organizationId: string; userId: string };

/**
 * Invites `email` with `role`; returns the link and whether it was e-mailed. A newer
 * invitation for the same address replaces a pending one (one live link per person).
 */
export async function inviteMember(
  inviter: Inviter,
  input: { email: string; role: Role },
  now = new Date(),
): Promise<{ link: string; emailed: boolean }> {
  const email = input.email.toLowerCase();
  const { token, tokenHash } = newLinkToken();
  const organization = await db.$transaction(async (tx) => {
    const member = await tx.membership.findFirst({
      where: { organizationId: inviter.organizationId, user: { email } },
      select: { id: true },
    });
    if (member) throw new AppError("CONFLICT", "This person is already a member.", "email");
    await tx.invitation.updateMany({
      where: { organizationId: inviter.organizationId, email, ...pendingAt(now) },
      data: { revokedAt: now },
    });
    const invitation = await tx.invitation.create({
      data: {
        organizationId: inviter.organizationId,
        email,
        role: input.role,
        tokenHash,
        invitedById: inviter.userId,
        expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_MS),
      },
      include: { organization: { select: { name: true } } },
    });
    await recordAudit(tx, {
      organizationId: inviter.organizationId,
      actorId: inviter.userId,
      action: "invitation.create",
      resourceType: "invitation",
      resourceId: invitation.id,
      after: { email, role: input.role },
    });
    return invitation.organization;
  });
  const link = invitationLink(token);
  let emailed = false;
  if (mailConfigured()) {
    emailed = await sendMail({
      to: [email],
      subject: `You are invited to ${organization.name} on Deltaport`,
      text: `You are invited to join ${organization.name} on Deltaport as ${input.role.toLowerCase()}.\n\nAccept the invitation: ${link}\n\nThe link works once and expires in 7 days.`,
    }).then(
      () => true,
      (error: unknown) => (logUnexpectedError("invitation e-mail", error), false),
    );
  }
  return { link, emailed };
}

const pendingAt = (now: Date) => ({ acceptedAt: null, revokedAt: null, expiresAt: { gt: now } });

/** The organization's invitations still waiting to be accepted. */
export function pendingInvitations(organizationId: string, now = new Date()) {
  return db.invitation.findMany({
    where: { organizationId, ...pendingAt(now) },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, role: true, expiresAt: true, invitedBy: { select: { email: true } } },
  });
}

/** Revokes a pending invitation of the organization: its link stops working. */
export async function revokeInvitation(actor: Inviter, invitationId: string, now = new Date()) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({
      where: { id: invitationId, organizationId: actor.organizationId, ...pendingAt(now) },
      data: { revokedAt: now },
    });
    if (count === 0) throw new AppError("NOT_FOUND", "This invitation is no longer pending.");
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "invitation.revoke",
      resourceType: "invitation",
      resourceId: invitationId,
    });
  });
}

export type InvitationState =
  | { state: "pending"; email: string; role: Role; organization: { name: string; slug: string } }
  | { state: "expired" | "revoked" | "used" | "unknown" };

/** What a link's token refers to, as the invitation page tells it. */
export async function invitationByToken(token: string, now = new Date()): Promise<InvitationState> {
  if (!isLinkToken(token)) return { state: "unknown" };
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashLinkToken(token) },
    include: { organization: { select: { name: true, slug: true } } },
  });
  if (!invitation) return { state: "unknown" };
  if (invitation.acceptedAt) return { state: "used" };
  if (invitation.revokedAt) return { state: "revoked" };
  if (invitation.expiresAt <= now) return { state: "expired" };
  return {
    state: "pending",
    email: invitation.email,
    role: invitation.role,
    organization: invitation.organization,
  };
}

const STATE_MESSAGES = {
  expired: "This invitation has expired. Ask an admin for a new one.",
  revoked: "This invitation was revoked. Ask an admin for a new one.",
  used: "This invitation has already been used.",
  unknown: "This invitation link is not valid.",
} as const;
export const invitationStateMessage = (state: keyof typeof STATE_MESSAGES) => STATE_MESSAGES[state];

type Tx = Prisma.TransactionClient;

/**
 * Uses the invitation for `user` inside `tx`: marks it used (once, whoever races) and adds the
 * membership. The invitation's e-mail must be the user's. Returns the organization's slug.
 */
async function useInvitation(tx: Tx, token: string, user: { id: string; email: string }, now: Date) {
  const state = await invitationByToken(token, now);
  if (state.state !== "pending") throw new AppError("CONFLICT", invitationStateMessage(state.state));
  if (state.email !== user.email.toLowerCase())
    throw new AppError(
      "FORBIDDEN",
      `This invitation is for ${state.email}, not for the account you are signed in with.`,
    );
  const claimed = await tx.invitation.updateManyAndReturn({
    where: { tokenHash: hashLinkToken(token), ...pendingAt(now) },
    data: { acceptedAt: now, acceptedById: user.id },
    select: { id: true, organizationId: true, role: true },
  });
  const invitation = claimed[0];
  if (!invitation) throw new AppError("CONFLICT", invitationStateMessage("used"));
  const existing = await tx.membership.findUnique({
    where: { userId_organizationId: { userId: user.id, organizationId: invitation.organizationId } },
  });
  if (!existing)
    await tx.membership.create({
      data: { userId: user.id, organizationId: invitation.organizationId, role: invitation.role },
    });
  await recordAudit(tx, {
    organizationId: invitation.organizationId,
    actorId: user.id,
    action: "invitation.accept",
    resourceType: "invitation",
    resourceId: invitation.id,
    after: { email: user.email, role: existing?.role ?? invitation.role },
  });
  return state.organization.slug;
}

/** A signed-in user accepts an invitation made out to their e-mail. */
export function acceptInvitation(token: string, user: { id: string; email: string }, now = new Date()) {
  return db.$transaction((tx) => useInvitation(tx, token, user, now));
}

/**
 * Someone without an account accepts: the account (with the invitation's e-mail) and the
 * membership are created together. The caller then signs in with the password. The password
 * is hashed only for a pending invitation: a made-up token costs no hash.
 */
export async function acceptInvitationWithNewAccount(
  token: string,
  account: { name: string; password: string },
  now = new Date(),
): Promise<{ email: string; organizationSlug: string }> {
  const state = await invitationByToken(token, now);
  if (state.state !== "pending") throw new AppError("CONFLICT", invitationStateMessage(state.state));
  const passwordHash = await hashNewPassword(account.password);
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: state.email }, select: { id: true } }))
      throw new AppError(
        "CONFLICT",
        "An account with this e-mail already exists: sign in to accept the invitation.",
      );
    const user = await tx.user.create({ data: { email: state.email, name: account.name, passwordHash } });
    const organizationSlug = await useInvitation(tx, token, user, now);
    return { email: state.email, organizationSlug };
  });
}
