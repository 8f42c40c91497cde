import "server-only";
import { db } from "@/lib/db/prisma";
import type { Role } from "@/lib/auth/permissions";
import { projectPath } from "@/lib/paths";

export type WorkspaceChoice = {
  organization: { slug: string; name: string };
  role: Role;
  projects: { slug: string; name: string }[];
};

/** Every organization the user belongs to, with its live projects: what the header's switchers offer. */
export async function listWorkspaces(userId: string): Promise<WorkspaceChoice[]> {
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: { organization: { name: "asc" } },
    select: {
      role: true,
      organization: {
        select: {
          slug: true,
          name: true,
          projects: {
            where: { deletedAt: null },
            orderBy: { name: "asc" },
            select: { slug: true, name: true },
          },
        },
      },
    },
  });
  return memberships.map(({ role, organization: { projects, ...organization } }) => ({
    organization,
    role,
    projects,
  }));
}

/** Where a signed-in user lands: their first organization's first live project, if any. */
export async function homePath(userId: string): Promise<string | null> {
  const first = (await listWorkspaces(userId)).find((workspace) => workspace.projects.length > 0);
  if (!first) return null;
  return projectPath(first.organization.slug, first.projects[0]!.slug);
}
