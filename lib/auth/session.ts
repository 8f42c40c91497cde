import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { notFound, redirect } from "next/navigation";
import { db } from "@/lib/db/prisma";
import { authOptions } from "@/lib/auth/options";
import { findProjectAccess, type ProjectAccess } from "@/lib/auth/access";

export type SessionUser = { id: string; email: string; name: string | null };

/** The signed-in user, re-read from the database (a deleted user has no session), or null. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions());
  const userId = (session as { userId?: string } | null)?.userId;
  if (!userId) return null;
  return db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true } });
});

/** For pages: the signed-in user, or a redirect to sign-in. */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/signin");
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
