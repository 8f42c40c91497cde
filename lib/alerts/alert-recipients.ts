import "server-only";
import { db } from "@/lib/db/prisma";

/** The e-mail addresses of an organization's admins, oldest membership first. */
export async function organizationAdminEmails(organizationId: string): Promise<string[]> {
  const admins = await db.membership.findMany({
    where: { organizationId, role: "ADMIN" },
    select: { user: { select: { email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return admins.map((admin) => admin.user.email);
}

/**
 * Who is e-mailed a destination's alerts: the organization's admins, and its creator while they
 * are still a member of the destination's organization (someone removed from it must no longer
 * hear about its destinations).
 */
export async function alertRecipients(destinationId: string): Promise<string[]> {
  const destination = await db.destination.findUniqueOrThrow({
    where: { id: destinationId },
    select: { createdById: true, project: { select: { organizationId: true } } },
  });
  const { organizationId } = destination.project;
  const creator = destination.createdById
    ? await db.membership.findUnique({
        where: { userId_organizationId: { userId: destination.createdById, organizationId } },
        select: { user: { select: { email: true } } },
      })
    : null;
  const admins = await organizationAdminEmails(organizationId);
  return [...new Set([...(creator ? [creator.user.email] : []), ...admins])];
}
