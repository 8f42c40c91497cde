import "server-only";
import { db } from "@/lib/db/prisma";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

// Renaming and deleting the actor's project. Its slug never changes (links stay valid), and a
// deleted project is deleted softly: its events, runs and audit entries stay as they were.

/** The actor's project if it is live, else "not found"; tenant-scoped by the organization. */
async function liveProject(tx: Prisma.TransactionClient, actor: Actor) {
  const project = await tx.project.findFirst({
    where: { id: actor.projectId, organizationId: actor.organizationId, deletedAt: null },
    select: { name: true, slug: true },
  });
  if (!project) throw new AppError("NOT_FOUND", "This project does not exist.");
  return project;
}

/** Gives the project a new name; its slug and URL stay. */
export async function renameProject(actor: Actor, name: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await liveProject(tx, actor);
    if (before.name === name) return;
    await tx.project.update({ where: { id: actor.projectId }, data: { name } });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "project.rename",
      resourceType: "project",
      resourceId: actor.projectId,
      before: { name: before.name },
      after: { name },
    });
  });
}

/**
 * Deletes the project softly: it is gone from the portal, its API key is refused, and its live
 * destinations are deleted with it as a destination is (paused, soft-deleted, their runs kept):
 * they stop, and their workspace tables are free for another destination of the organization.
 */
export async function deleteProject(actor: Actor, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await liveProject(tx, actor);
    await tx.project.update({ where: { id: actor.projectId }, data: { deletedAt: now } });
    const destinations = await tx.destination.updateManyAndReturn({
      where: { projectId: actor.projectId, deletedAt: null },
      data: { deletedAt: now, state: "PAUSED" },
      select: { id: true },
    });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "project.delete",
      resourceType: "project",
      resourceId: actor.projectId,
      before,
      after: { deletedAt: now.toISOString(), destinationsDeleted: destinations.map(({ id }) => id) },
    });
  });
}
