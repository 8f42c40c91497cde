import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/prisma";

// Server-side sessions behind next-auth's JWT. The JWT names a row here (its `sid`), and a
// JWT whose row is gone is no session: this is how a password change ends a user's other
// sessions and a removal from an organization all of them, at their next request, which a
// JWT alone (valid until it expires) cannot do.

/** A session lasts 12 hours from sign-in, as the JWT does (lib/auth/options.ts). */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** Opens a session for a user who just signed in; returns its id, which goes into the JWT. */
export async function startSession(userId: string, now = new Date()): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  await db.$transaction([
    // The user's expired rows go here, rather than in a job of their own.
    db.userSession.deleteMany({ where: { userId, expiresAt: { lt: now } } }),
    db.userSession.create({
      data: { id, userId, expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000) },
    }),
  ]);
  return id;
}

/** The user of a live session, re-read from the database, or null. */
export async function sessionUser(sessionId: string, userId: string, now = new Date()) {
  const session = await db.userSession.findUnique({
    where: { id: sessionId },
    select: { userId: true, expiresAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  if (!session || session.userId !== userId || session.expiresAt <= now) return null;
  return session.user;
}

/** Ends one session (sign-out). */
export async function endSession(sessionId: string): Promise<void> {
  await db.userSession.deleteMany({ where: { id: sessionId } });
}

/** Ends every session of a user but `keep` (the one that asked, after a password change). */
export async function endOtherSessions(userId: string, keep: string | null): Promise<void> {
  await db.userSession.deleteMany({ where: { userId, ...(keep ? { id: { not: keep } } : {}) } });
}
