import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { notFound, redirect } from "next/navigation";
import { authOptions } from "@/lib/auth/options";
import { findProjectAccess, type ProjectAccess } from "@/lib/auth/access";
import { sessionUser } from "@/lib/auth/user-sessions";
import { needsSetup } from "@/lib/setup/first-run";

export type SessionUser = { id: string; email: string; name: string | null };

type SessionClaims = { userId?: string; sessionId?: string };

/** The caller's session: its id and user. */
const currentSession = cache(async (): Promise<{ id: string; user: SessionUser } | null> => {
  const session = (await getServerSession(authOptions())) as SessionClaims | null;
  if (!session?.userId || !session.sessionId) return null;
  const user = await sessionUser(session.sessionId, session.userId);
  return user ? { id: session.sessionId, user } : null;
});

/**
 * The signed-in user, re-read from the database, or null: a deleted user, or a session that
 * was ended (lib/auth/user-sessions.ts), has no session.
 */
export const currentUser = cache(
  async (): Promise<SessionUser | null> => (await currentSession())?.user ?? null,
);

/** The id of the caller's session (to keep it when ending the user's others). */
export const currentSessionId = async (): Promise<string | null> => (await currentSession())?.id ?? null;

/** For pages: the signed-in user, or a redirect to sign-in (to first-run setup on a new deployment). */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect((await needsSetup()) ? "/setup" : "/signin");
  return user;
}

/** The signed-in caller's access to a project (see findProjectAccess), or null. */
export const projectAccess = cache(
  async (orgSlug: string, projectSlug: string): Promise<ProjectAccess | null> => {
    const user = await currentUser();
    return user ? findProjectAccess(user.id, orgSlug, projectSlug) : null;
  },
);

/** For pages: the project access, a redirect to sign-in, or the not-found page. */
export async function requireProjectAccess(orgSlug: string, projectSlug: string): Promise<ProjectAccess> {
  await requireUser();
  const access = await projectAccess(orgSlug, projectSlug);
  if (!access) notFound();
  return access;
}
