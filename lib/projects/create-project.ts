import "server-only";
import { db } from "@/lib/db/prisma";
import { recordAudit } from "@/lib/audit";
import { lockUntilCommit } from "@/lib/db/transaction-lock";
import type { Prisma } from "@/lib/generated/prisma/client";
import { newApiKey } from "@/lib/projects/api-keys";
import { slugOf, uniqueSlug } from "@/lib/slugs";

export type NewProject = { organizationId: string; actorId: string; name: string };
export type CreatedProject = { id: string; slug: string; name: string };

/** A slug for `name` that no project of the organization holds or held (deleted ones count). */
async function freeProjectSlug(tx: Prisma.TransactionClient, organizationId: string, name: string) {
  // Two projects created at once under one name get -2 and -3 rather than a unique violation.
  await lockUntilCommit(tx, `project-slugs:${organizationId}`);
  const base = slugOf(name, "project");
  const taken = await tx.project.findMany({
    where: { organizationId, slug: { startsWith: base } },
    select: { slug: true },
  });
  return uniqueSlug(base, new Set(taken.map((project) => project.slug)));
}

/**
 * Creates a project, with its own API key, inside the caller's transaction (a new
 * organization's first project is created with the organization).
 */
export async function createProjectIn(
  tx: Prisma.TransactionClient,
  input: NewProject,
): Promise<CreatedProject> {
  const slug = await freeProjectSlug(tx, input.organizationId, input.name);
  const project = await tx.project.create({
    data: { organizationId: input.organizationId, slug, name: input.name, apiKey: newApiKey() },
    select: { id: true, slug: true, name: true },
  });
  await recordAudit(tx, {
    organizationId: input.organizationId,
    actorId: input.actorId,
    action: "project.create",
    resourceType: "project",
    resourceId: project.id,
    after: { name: project.name, slug: project.slug },
  });
  return project;
}

/** Creates a project in an organization (the caller has checked `projects.create`). */
export function createProject(input: NewProject): Promise<CreatedProject> {
  return db.$transaction((tx) => createProjectIn(tx, input));
}
