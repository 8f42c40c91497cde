import "server-only";
import { recordAudit } from "@/lib/audit";
import type { Prisma } from "@/lib/generated/prisma/client";

// Every change to a project's data configuration goes through here, inside the change's own
// transaction: the project's configVersion is bumped (what tells an export its configuration
// snapshot is out of date) and the change is written to the audit log, on the project, with
// what changed in `after`.

export type ConfigActor = { organizationId: string; projectId: string; userId: string };

export async function recordConfigChange(
  tx: Prisma.TransactionClient,
  actor: ConfigActor,
  action: string,
  change: { before?: Prisma.InputJsonValue; after?: Prisma.InputJsonValue },
): Promise<void> {
  await tx.project.update({ where: { id: actor.projectId }, data: { configVersion: { increment: 1 } } });
  await recordAudit(tx, {
    organizationId: actor.organizationId,
    actorId: actor.userId,
    action,
    resourceType: "project",
    resourceId: actor.projectId,
    ...change,
  });
}
