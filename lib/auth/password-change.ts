import "server-only";
import { after } from "next/server";
import { db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { hashLinkToken, isLinkToken, newLinkToken } from "@/lib/auth/link-tokens";
import { hashNewPassword, verifyPassword } from "@/lib/auth/password";
import { giveBackSignInAttempt, takeSignInAttempt } from "@/lib/auth/sign-in-throttle";
import { endOtherSessions } from "@/lib/auth/user-sessions";
import { AppError, logUnexpectedError } from "@/lib/errors";
import { mailConfigured, sendMail } from "@/lib/mail/send-mail";
import { portalOrigin } from "@/lib/portal-url";

// Changing a password (knowing the current one) and resetting it by e-mail (a single-use
// link valid 1 hour). Either ends the user's other sessions at their next request; a reset
// ends all of them. Each is recorded in the audit log of every organization the user is in.

export const RESET_LIFETIME_MS = 60 * 60 * 1000;

type Tx = Prisma.TransactionClient;

async function auditForUser(tx: Tx, userId: string, action: string) {
  const memberships = await tx.membership.findMany({ where: { userId }, select: { organizationId: true } });
  for (const { organizationId } of memberships)
    await recordAudit(tx, {
      organizationId,
      actorId: userId,
      action,
      resourceType: "user",
      resourceId: userId,
    });
}

/**
 * Sets a new password for a signed-in user who gives the current one; ends their other
 * sessions. Wrong current passwords count against the account's sign-in limit.
 */
export async function changePassword(
  user: { id: string; email: string },
  sessionId: string | null,
  input: { currentPassword: string; newPassword: string },
  address: string | null,
): Promise<void> {
  const { passwordHash } = await db.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { passwordHash: true },
  });
  if (!passwordHash)
    throw new AppError("CONFLICT", "Your account signs in with SSO: it has no password to change.");
  if (!(await takeSignInAttempt(user.email, address)))
    throw new AppError("FORBIDDEN", "Too many wrong passwords. Wait 15 minutes and try again.");
  const valid = await verifyPassword(input.currentPassword, passwordHash);
  await giveBackSignInAttempt(user.email, address, valid);
  if (!valid) throw new AppError("INVALID_INPUT", "This is not your current password.", "currentPassword");
  const newHash = await hashNewPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash: newHash } });
    await auditForUser(tx, user.id, "user.password.change");
  });
  await endOtherSessions(user.id, sessionId);
}

/**
 * Mails a reset link when the e-mail has an account with a password (and SMTP is configured):
 * an SSO-only account gets none, or it would keep a way in after its IdP turned it off. Says
 * nothing either way, and takes the same time: the link is made and mailed after the answer
 * (`after`), so neither the answer nor its timing tells who has an account.
 */
export async function requestPasswordReset(email: string): Promise<void> {
  if (!mailConfigured()) return;
  after(() => mailResetLink(email.toLowerCase()));
}

/** Makes a reset link for the account with this e-mail, if it has a password, and mails it. */
export async function mailResetLink(email: string, now = new Date()): Promise<void> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
  if (!user?.passwordHash) return;
  const { token, tokenHash } = newLinkToken();
  await db.passwordReset.create({
    data: { userId: user.id, tokenHash, expiresAt: new Date(now.getTime() + RESET_LIFETIME_MS) },
  });
  await sendMail({
    to: [email],
    subject: "Reset your Deltaport password",
    text: `Someone asked to reset the password of your Deltaport account.\n\nSet a new password: ${portalOrigin()}/reset-password/${token}\n\nThe link works once, for 1 hour. If it was not you, ignore this e-mail: your password stays as it is.`,
  }).catch((error: unknown) => logUnexpectedError("password reset e-mail", error));
}

const unusable = () =>
  new AppError("CONFLICT", "This reset link has expired or was already used. Ask for a new one.");

/** Whether a reset link can still be used (the reset page asks before showing its form). */
export async function resetLinkUsable(token: string, now = new Date()): Promise<boolean> {
  if (!isLinkToken(token)) return false;
  const reset = await db.passwordReset.findUnique({ where: { tokenHash: hashLinkToken(token) } });
  return Boolean(reset && !reset.usedAt && reset.expiresAt > now);
}

/**
 * Sets a new password with a reset link, once; every other link of the user stops working.
 * The password is hashed only for a usable link: a made-up token costs no hash.
 */
export async function resetPassword(token: string, newPassword: string, now = new Date()): Promise<void> {
  if (!(await resetLinkUsable(token, now))) throw unusable();
  const passwordHash = await hashNewPassword(newPassword);
  const userId = await db.$transaction(async (tx) => {
    const [reset] = await tx.passwordReset.updateManyAndReturn({
      where: { tokenHash: hashLinkToken(token), usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
      select: { userId: true },
    });
    if (!reset) throw unusable();
    await tx.passwordReset.updateMany({
      where: { userId: reset.userId, usedAt: null },
      data: { usedAt: now },
    });
    await tx.user.update({ where: { id: reset.userId }, data: { passwordHash } });
    await auditForUser(tx, reset.userId, "user.password.reset");
    return reset.userId;
  });
  await endOtherSessions(userId, null);
}
