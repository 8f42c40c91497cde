import "server-only";
import { db } from "@/lib/db/prisma";

/**
 * The audit entries that concern a project (its destinations and its settings) and its
 * organization (members, invitations, accounts, projects), newest first.
 */
export async function projectAuditLog(organizationId: string, projectId: string, limit = 200) {
  const destinationIds = (await db.destination.findMany({ where: { projectId }, select: { id: true } })).map(
    (d) => d.id,
  );
  return db.auditEvent.findMany({
    where: {
      organizationId,
      OR: [
        { resourceType: "project", resourceId: projectId },
        { resourceType: "destination", resourceId: { in: destinationIds } },
        { resourceType: { in: ["organization", "membership", "invitation", "user"] } },
      ],
    },
    orderBy: { createdAt: "desc" },
    take: limit,
    include: { actor: { select: { email: true } } },
  });
}
