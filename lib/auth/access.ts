import "server-only";
import { db } from "@/lib/db/prisma";
import type { Role } from "@/lib/auth/permissions";

export type OrganizationAccess = {
  user: { id: string; email: string; name: string | null };
  role: Role;
  organization: { id: string; slug: string; name: string };
};

export type ProjectAccess = {
  user: { id: string; email: string; name: string | null };
  role: Role;
  organization: { id: string; slug: string; name: string };
  project: { id: string; slug: string; name: string; apiKey: string };
};

/** A user's membership of an organization named by its slug, with their role now, or null. */
export async function findOrganizationAccess(
  userId: string,
  orgSlug: string,
): Promise<OrganizationAccess | null> {
  return db.membership.findFirst({
    where: { userId, organization: { slug: orgSlug } },
    select: {
      role: true,
      user: { select: { id: true, email: true, name: true } },
      organization: { select: { id: true, slug: true, name: true } },
    },
  });
}

/**
 * A user's access to a project named by URL slugs, with their role as the database holds it
 * now. A project of an organization the user is not a member of, or a deleted one, does not
 * exist for them (null).
 */
export async function findProjectAccess(
  userId: string,
  orgSlug: string,
  projectSlug: string,
): Promise<ProjectAccess | null> {
  const membership = await findOrganizationAccess(userId, orgSlug);
  if (!membership) return null;
  // A deleted project does not exist for anyone.
  const project = await db.project.findFirst({
    where: { organizationId: membership.organization.id, slug: projectSlug, deletedAt: null },
    select: { id: true, slug: true, name: true, apiKey: true },
  });
  if (!project) return null;
  return { user: membership.user, role: membership.role, organization: membership.organization, project };
}
