import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attemptDelivery,
  RETRY_DELAYS_MS,
  retryWebhookDeliveries,
  sendToWebhooks,
  SIGNATURE_HEADER,
  webhookSignature,
} from "@/lib/alerts/webhook-delivery";
import { db } from "@/lib/db/prisma";
import { addWebhook, deleteWebhook, testWebhook } from "@/lib/organizations/webhooks";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";
import { demoAdminActor } from "@/tests/support/destination-input";
import { type Receiver, startReceiver } from "@/tests/support/http-receiver";

// Issue 18, item 4: an organization's webhooks get signed messages, retried with backoff until
// delivered; the secret is kept encrypted and shown once.

let statuses: number[] = [];
let receiver: Receiver;
let url: string;
let actor: { userId: string; organizationId: string };

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  const { userId, organizationId } = await demoAdminActor();
  actor = { userId, organizationId };
  receiver = await startReceiver({ answer: () => statuses.shift() ?? 204 });
  url = receiver.url;
});
afterAll(async () => {
  await receiver.close();
  await db.$disconnect();
});

describe("alert webhooks", () => {
  it("keep the secret encrypted, sign each message, and retry a refused one with backoff until delivered", async () => {
    const { id, secret } = await addWebhook(actor, url);
    try {
      const stored = await db.organizationWebhook.findUniqueOrThrow({ where: { id } });
      expect(stored.encryptedSecret).not.toContain(secret);
      expect(secret).toMatch(/^whsec_[\w-]{43}$/);

      statuses = [500, 503];
      const sentAt = new Date();
      await sendToWebhooks(actor.organizationId, "alert.opened", { text: "failing" });
      let delivery = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: id } });
      expect(delivery).toMatchObject({ attempts: 1, deliveredAt: null, lastStatus: "HTTP 500" });
      expect(delivery.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(
        sentAt.getTime() + RETRY_DELAYS_MS[0]!,
      );
      // Not due yet: nothing is sent.
      expect(await retryWebhookDeliveries(new Date(sentAt.getTime() + 30_000))).toBe(0);
      // Due: retried, refused again, and the wait grows.
      const second = new Date(sentAt.getTime() + RETRY_DELAYS_MS[0]! + 1000);
      expect(await retryWebhookDeliveries(second)).toBe(1);
      delivery = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: id } });
      expect(delivery).toMatchObject({ attempts: 2, lastStatus: "HTTP 503" });
      expect(delivery.nextAttemptAt!.getTime()).toBe(second.getTime() + RETRY_DELAYS_MS[1]!);
      const third = new Date(delivery.nextAttemptAt!.getTime() + 1000);
      expect(await retryWebhookDeliveries(third)).toBe(1);
      delivery = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: id } });
      expect(delivery).toMatchObject({ attempts: 3, lastStatus: "HTTP 204", nextAttemptAt: null });
      expect(delivery.deliveredAt).not.toBeNull();
      // A delivered message is never sent again.
      expect(await attemptDelivery(delivery.id, new Date(third.getTime() + 86_400_000))).toBe("not due");

      // Three sends of the same body, each signed for its own time with the webhook's secret.
      const received = receiver.received.map(({ body, headers }) => ({
        body,
        signature: String(headers[SIGNATURE_HEADER]),
      }));
      expect(received).toHaveLength(3);
      for (const { body, signature } of received) {
        const t = Number(/^t=(\d+),v1=[0-9a-f]{64}$/.exec(signature)![1]);
        expect(signature).toBe(webhookSignature(secret, t, body));
        expect(JSON.parse(body)).toEqual({ event: "alert.opened", text: "failing" });
      }
    } finally {
      await deleteWebhook(actor, id);
    }
  });

  it("gives up after the last retry", async () => {
    const { id } = await addWebhook(actor, url);
    try {
      statuses = Array(RETRY_DELAYS_MS.length + 1).fill(500);
      let now = new Date();
      await sendToWebhooks(actor.organizationId, "alert.resolved", { text: "resolved" });
      for (const wait of RETRY_DELAYS_MS) {
        now = new Date(now.getTime() + wait + 1000);
        expect(await retryWebhookDeliveries(now)).toBe(1);
      }
      const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: id } });
      expect(delivery).toMatchObject({
        attempts: RETRY_DELAYS_MS.length + 1,
        deliveredAt: null,
        nextAttemptAt: null,
      });
      expect(await retryWebhookDeliveries(new Date(now.getTime() + 86_400_000))).toBe(0);
    } finally {
      await deleteWebhook(actor, id);
    }
  });

  it("tries a test message once, for the admin who asked, without retries", async () => {
    const { id } = await addWebhook(actor, url);
    try {
      statuses = [500];
      expect(await testWebhook(actor, id)).toBe("HTTP 500");
      const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: id } });
      expect(delivery).toMatchObject({
        event: "webhook.test",
        attempts: 1,
        nextAttemptAt: null,
        deliveredAt: null,
      });
    } finally {
      await deleteWebhook(actor, id);
    }
  });

  it("refuses a URL that is not one, and another organization's webhook", async () => {
    await expect(addWebhook(actor, "hooks.example.com")).rejects.toMatchObject({ field: "url" });
    const { id } = await addWebhook(actor, url);
    await expect(testWebhook({ ...actor, organizationId: "another-org" }, id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await deleteWebhook(actor, id);
  });
});
