import "server-only";
import { cache } from "react";
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { authOptions } from "@/lib/auth/options";
import { findProjectAccess, type ProjectAccess } from "@/lib/auth/access";
import { sessionUser } from "@/lib/auth/user-sessions";
import { needsSetup } from "@/lib/setup/first-run";

export type SessionUser = { id: string; email: string; name: string | null };

/**
 * The caller's session: its id and user. Read from the session cookie's JWT on the server, so
 * that the session row's id stays out of what the browser can ask for (/api/auth/session).
 */
const currentSession = cache(async (): Promise<{ id: string; user: SessionUser } | null> => {
  const token = await getToken({
    req: { cookies: await cookies(), headers: await headers() } as unknown as Parameters<
      typeof getToken
    >[0]["req"],
    secret: authOptions().secret,
  });
  const userId = token?.sub;
  const sessionId = typeof token?.sid === "string" ? token.sid : null;
  if (!userId || !sessionId) return null;
  const user = await sessionUser(sessionId, userId);
  return user ? { id: sessionId, user } : null;
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
