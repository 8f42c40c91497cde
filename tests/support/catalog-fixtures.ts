import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/prisma";

// What the data-configuration tests share: a scratch project of their own in the demo
// organization (test files share one database), and what a change leaves behind.

export const demoUserId = async (email: string) => (await db.user.findUniqueOrThrow({ where: { email } })).id;

/** A new project, slug `<prefix>-<tag>`, named `<name> <tag>`; the caller deletes it afterwards. */
export function scratchProject(organizationId: string, prefix: string, name: string) {
  const tag = randomUUID().slice(0, 8);
  return db.project.create({
    data: {
      organizationId,
      slug: `${prefix}-${tag}`,
      name: `${name} ${tag}`,
      apiKey: `${prefix}-${randomUUID()}`,
    },
    select: { id: true, slug: true, appId: true },
  });
}

export const configVersionOf = async (projectId: string) =>
  (await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { configVersion: true } }))
    .configVersion;

/** The project's audit entries of `action`, oldest first. */
export const auditEntries = (projectId: string, action: string) =>
  db.auditEvent.findMany({ where: { resourceId: projectId, action }, orderBy: { createdAt: "asc" } });
