import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

type AuditClient = Pick<Prisma.TransactionClient, "auditEvent">;

export type AuditEntry = {
  organizationId: string;
  actorId: string | null;
  action: string;
  resourceType: string;
  resourceId: string;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
};

/** Records who changed what, inside the caller's transaction so the change and its record stand or fall together. */
export function recordAudit(tx: AuditClient, entry: AuditEntry) {
  return tx.auditEvent.create({ data: entry });
}
