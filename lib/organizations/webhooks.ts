import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit";
import { attemptDelivery, webhookUrlProblem } from "@/lib/alerts/webhook-delivery";
import { db } from "@/lib/db/prisma";
import { lockUntilCommit } from "@/lib/db/transaction-lock";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { sealSecret } from "@/lib/oidc/key-encryption";

// An organization's alert webhooks (lib/alerts/webhook-delivery.ts delivers to them). The
// signing secret is made here, shown once to the admin who adds the webhook, and kept only
// encrypted. Every change is audited.

export type OrganizationActor = { userId: string; organizationId: string };
export const MAX_WEBHOOKS = 10;

export type WebhookItem = {
  id: string;
  url: string;
  createdAt: Date;
  last: { event: string; status: string | null; deliveredAt: Date | null; createdAt: Date } | null;
};

/** The organization's webhooks, oldest first, each with its latest delivery. */
export async function listWebhooks(organizationId: string): Promise<WebhookItem[]> {
  const webhooks = await db.organizationWebhook.findMany({
    where: { organizationId },
    orderBy: { createdAt: "asc" },
    include: { deliveries: { orderBy: { createdAt: "desc" }, take: 1 } },
  });
  return webhooks.map(({ id, url, createdAt, deliveries: [last] }) => ({
    id,
    url,
    createdAt,
    last: last
      ? {
          event: last.event,
          status: last.lastStatus,
          deliveredAt: last.deliveredAt,
          createdAt: last.createdAt,
        }
      : null,
  }));
}

/** Adds a webhook; returns its signing secret, which is never shown again. */
export async function addWebhook(
  actor: OrganizationActor,
  url: string,
): Promise<{ id: string; secret: string }> {
  const problem = webhookUrlProblem(url);
  if (problem) throw new AppError("INVALID_INPUT", problem, "url");
  const secret = `whsec_${randomBytes(32).toString("base64url")}`;
  return db.$transaction(async (tx) => {
    // One addition at a time per organization, so that two at once cannot pass the limit.
    await lockUntilCommit(tx, `webhooks:${actor.organizationId}`);
    if (
      (await tx.organizationWebhook.count({ where: { organizationId: actor.organizationId } })) >=
      MAX_WEBHOOKS
    )
      throw new AppError(
        "CONFLICT",
        `An organization has at most ${MAX_WEBHOOKS} webhooks: delete one first.`,
        "url",
      );
    // Sealed under its own id, so that one webhook's secret cannot be passed off as another's.
    const id = randomUUID();
    const webhook = await tx.organizationWebhook.create({
      data: {
        id,
        organizationId: actor.organizationId,
        url,
        encryptedSecret: sealSecret(secret, `webhook:${id}`, env().KEY_ENCRYPTION_KEY!),
        createdById: actor.userId,
      },
    });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "webhook.create",
      resourceType: "webhook",
      resourceId: webhook.id,
      after: { url },
    });
    return { id: webhook.id, secret };
  });
}

async function ownWebhook(actor: OrganizationActor, id: string) {
  const webhook = await db.organizationWebhook.findFirst({
    where: { id, organizationId: actor.organizationId },
  });
  if (!webhook) throw new AppError("NOT_FOUND", "This webhook does not exist.");
  return webhook;
}

export async function deleteWebhook(actor: OrganizationActor, id: string): Promise<void> {
  const webhook = await ownWebhook(actor, id);
  await db.$transaction(async (tx) => {
    await tx.organizationWebhook.delete({ where: { id } });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "webhook.delete",
      resourceType: "webhook",
      resourceId: id,
      before: { url: webhook.url },
    });
  });
}

/** Sends a signed test message to one webhook (and to it only); returns what happened. */
export async function testWebhook(actor: OrganizationActor, id: string): Promise<string> {
  await ownWebhook(actor, id);
  const body = JSON.stringify({
    event: "webhook.test",
    text: "Deltaport test message: this webhook receives alerts.",
  });
  const delivery = await db.webhookDelivery.create({ data: { webhookId: id, event: "webhook.test", body } });
  return attemptDelivery(delivery.id);
}
