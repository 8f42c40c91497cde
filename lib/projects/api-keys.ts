import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/prisma";
import { recordAudit } from "@/lib/audit";

/** A new ingest API key: 128 random bits, hex, like Amplitude's. */
export function newApiKey(): string {
  return randomBytes(16).toString("hex");
}

/** Replaces a project's API key; the old one stops working at once. The audit log keeps no key. */
export async function regenerateApiKey(input: {
  projectId: string;
  organizationId: string;
  actorId: string;
}): Promise<string> {
  const apiKey = newApiKey();
  await db.$transaction(async (tx) => {
    await tx.project.update({
      where: { id: input.projectId, organizationId: input.organizationId },
      data: { apiKey },
    });
    await recordAudit(tx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: "project.apiKey.regenerate",
      resourceType: "project",
      resourceId: input.projectId,
    });
  });
  return apiKey;
}
