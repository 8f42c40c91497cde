import "server-only";
import { db } from "@/lib/db/prisma";
import type { Role } from "@/lib/auth/permissions";

export type ProjectAccess = {
  user: { id: string; email: string; name: string | null };
  role: Role;
  organization: { id: string; slug: string; name: string };
  project: { id: string; slug: string; name: string; apiKey: string };
};

/**
 * A user's access to a project named by URL slugs, with their role as the database holds it
 * now. A project of an organization the user is not a member of does not exist for them (null).
 */
export async function findProjectAccess(
  userId: string,
  orgSlug: string,
  projectSlug: string,
): Promise<ProjectAccess | null> {
  const membership = await db.membership.findFirst({
    where: { userId, organization: { slug: orgSlug } },
    select: {
      role: true,
      user: { select: { id: true, email: true, name: true } },
      organization: { select: { id: true, slug: true, name: true } },
    },
  });
  if (!membership) return null;
  const project = await db.project.findUnique({
    where: { organizationId_slug: { organizationId: membership.organization.id, slug: projectSlug } },
    select: { id: true, slug: true, name: true, apiKey: true },
  });
  if (!project) return null;
  return { user: membership.user, role: membership.role, organization: membership.organization, project };
}
