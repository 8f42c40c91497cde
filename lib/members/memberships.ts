import "server-only";
import { db } from "@/lib/db/prisma";
import { lockUntilCommit } from "@/lib/db/transaction-lock";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import type { Role } from "@/lib/auth/permissions";
import { endOtherSessions } from "@/lib/auth/user-sessions";
import { AppError } from "@/lib/errors";

// An organization's members: their roles, removal, and leaving. An organization always keeps
// one admin: no change that would leave it without one is made. Changes to one organization's
// admins are serialised by a lock on its members, so two admins demoting each other at once
// cannot both succeed.

type Actor = { organizationId: string; userId: string };
type Tx = Prisma.TransactionClient;

/** The organization's members, admins first, then by e-mail. */
export async function listMembers(organizationId: string) {
  const members = await db.membership.findMany({
    where: { organizationId },
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
    orderBy: { user: { email: "asc" } },
  });
  const rank: Record<Role, number> = { ADMIN: 0, MANAGER: 1, MEMBER: 2, VIEWER: 3 };
  return members.sort((a, b) => rank[a.role] - rank[b.role]);
}

const LAST_ADMIN = "An organization needs at least one admin: make someone else an admin first.";

/** The member's role, with the organization's members locked; refuses when `userId` is no member. */
async function lockedMembership(tx: Tx, organizationId: string, userId: string) {
  await lockUntilCommit(tx, `organization-members:${organizationId}`);
  const membership = await tx.membership.findUnique({
    where: { userId_organizationId: { userId, organizationId } },
    select: { id: true, role: true },
  });
  if (!membership) throw new AppError("NOT_FOUND", "This person is not a member of the organization.");
  return membership;
}

/**
 * Revokes the invitations `userId` made that are still pending: an admin about to be removed
 * or demoted must not keep a way in (or let others in) through links made beforehand.
 */
async function revokeInvitationsBy(tx: Tx, organizationId: string, userId: string) {
  await tx.invitation.updateMany({
    where: { organizationId, invitedById: userId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}

async function refuseLastAdmin(tx: Tx, organizationId: string) {
  const admins = await tx.membership.count({ where: { organizationId, role: "ADMIN" } });
  if (admins <= 1) throw new AppError("CONFLICT", LAST_ADMIN);
}

/** Gives a member another role; takes effect at their next request (roles are read per request). */
export async function changeMemberRole(actor: Actor, userId: string, role: Role) {
  await db.$transaction(async (tx) => {
    const membership = await lockedMembership(tx, actor.organizationId, userId);
    if (membership.role === role) return;
    if (membership.role === "ADMIN") {
      await refuseLastAdmin(tx, actor.organizationId);
      await revokeInvitationsBy(tx, actor.organizationId, userId);
    }
    await tx.membership.update({ where: { id: membership.id }, data: { role } });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "membership.role.change",
      resourceType: "membership",
      resourceId: userId,
      before: { role: membership.role },
      after: { role },
    });
  });
}

/**
 * Removes a member, or (`userId` the actor's own) leaves. Destinations they created keep
 * running (their alerts go to the admins: lib/alerts/alert-recipients.ts). A removed member's
 * sessions all end at their next request; leaving ends none.
 */
export async function removeMember(actor: Actor, userId: string) {
  const leaving = userId === actor.userId;
  await db.$transaction(async (tx) => {
    const membership = await lockedMembership(tx, actor.organizationId, userId);
    if (membership.role === "ADMIN") await refuseLastAdmin(tx, actor.organizationId);
    await revokeInvitationsBy(tx, actor.organizationId, userId);
    await tx.membership.delete({ where: { id: membership.id } });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: leaving ? "membership.leave" : "membership.remove",
      resourceType: "membership",
      resourceId: userId,
      before: { role: membership.role },
    });
  });
  if (!leaving) await endOtherSessions(userId, null);
}
