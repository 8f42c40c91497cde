import "server-only";
import { db } from "@/lib/db/prisma";
import { recordAudit } from "@/lib/audit";
import { lockUntilCommit } from "@/lib/db/transaction-lock";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createProjectIn, type CreatedProject } from "@/lib/projects/create-project";
import { slugOf, uniqueSlug } from "@/lib/slugs";

export type CreatedOrganization = {
  organization: { id: string; slug: string; name: string };
  project: CreatedProject;
};

/** A slug for `name` that no organization holds. */
async function freeOrganizationSlug(tx: Prisma.TransactionClient, name: string) {
  // Two organizations created at once under one name get -2 and -3 rather than a unique violation.
  await lockUntilCommit(tx, "organization-slugs");
  const base = slugOf(name, "organization");
  const taken = await tx.organization.findMany({
    where: { slug: { startsWith: base } },
    select: { slug: true },
  });
  return uniqueSlug(base, new Set(taken.map((organization) => organization.slug)));
}

export type NewOrganization = { userId: string; organizationName: string; projectName: string };

/**
 * Creates an organization with the user as its admin, and its first project (an organization
 * is never without a project to land on), inside the caller's transaction: first-run setup
 * creates its user in the same one.
 */
export async function createOrganizationIn(
  tx: Prisma.TransactionClient,
  input: NewOrganization,
): Promise<CreatedOrganization> {
  const slug = await freeOrganizationSlug(tx, input.organizationName);
  const organization = await tx.organization.create({
    data: { slug, name: input.organizationName },
    select: { id: true, slug: true, name: true },
  });
  await tx.membership.create({
    data: { userId: input.userId, organizationId: organization.id, role: "ADMIN" },
  });
  await recordAudit(tx, {
    organizationId: organization.id,
    actorId: input.userId,
    action: "organization.create",
    resourceType: "organization",
    resourceId: organization.id,
    after: { name: organization.name, slug: organization.slug },
  });
  const project = await createProjectIn(tx, {
    organizationId: organization.id,
    actorId: input.userId,
    name: input.projectName,
  });
  return { organization, project };
}

/** Creates an organization, its admin's membership and its first project: all or nothing. */
export function createOrganization(input: NewOrganization): Promise<CreatedOrganization> {
  return db.$transaction((tx) => createOrganizationIn(tx, input));
}
