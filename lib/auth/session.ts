import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { notFound, redirect } from "next/navigation";
import { db } from "@/lib/db";
import { authOptions } from "@/lib/auth/options";
import { can, type Permission, type Role } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

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

export type ProjectAccess = {
  user: SessionUser;
  role: Role;
  organization: { id: string; slug: string; name: string };
  project: { id: string; slug: string; name: string; apiKey: string };
};

/**
 * The caller's access to a project named by URL slugs, with their role read from the database.
 * A project the caller is not a member of does not exist for them: not found, never forbidden.
 */
export const projectAccess = cache(async (orgSlug: string, projectSlug: string): Promise<ProjectAccess | null> => {
  const user = await currentUser();
  if (!user) return null;
  const membership = await db.membership.findFirst({
    where: { userId: user.id, organization: { slug: orgSlug } },
    select: { role: true, organization: { select: { id: true, slug: true, name: true } } },
  });
  if (!membership) return null;
  const project = await db.project.findUnique({
    where: { organizationId_slug: { organizationId: membership.organization.id, slug: projectSlug } },
    select: { id: true, slug: true, name: true, apiKey: true },
  });
  if (!project) return null;
  return { user, role: membership.role, organization: membership.organization, project };
});

/** For pages: the project access, a redirect to sign-in, or the not-found page. */
export async function requireProjectAccess(orgSlug: string, projectSlug: string): Promise<ProjectAccess> {
  await requireUser();
  const access = await projectAccess(orgSlug, projectSlug);
  if (!access) notFound();
  return access;
}

/** For server actions and routes: throws unless the caller's role (from the database) grants `permission`. */
export function authorize(access: Pick<ProjectAccess, "role">, permission: Permission): void {
  if (!can(access.role, permission)) throw new AppError("FORBIDDEN", "Your role in this organization does not allow this.");
}
