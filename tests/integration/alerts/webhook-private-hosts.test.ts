import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Issue 18, item 4: in production, a webhook never reaches the portal's own network. This
// process refuses private hosts as production does (set before anything reads the environment).
process.env.WEBHOOK_ALLOW_PRIVATE_HOSTS = "0";

const { db } = await import("@/lib/db/prisma");
const { addWebhook, deleteWebhook, testWebhook } = await import("@/lib/organizations/webhooks");
const { seedDemo, DEFAULT_DEMO_API_KEY } = await import("@/prisma/seed");
const { demoAdminActor } = await import("@/tests/support/destination-input");
const { startReceiver } = await import("@/tests/support/http-receiver");

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let port: number;
let actor: { userId: string; organizationId: string };

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  const { userId, organizationId } = await demoAdminActor();
  actor = { userId, organizationId };
  receiver = await startReceiver();
  port = receiver.port;
});
afterAll(async () => {
  await receiver.close();
  await db.$disconnect();
});

describe("a webhook in production", () => {
  it("must be https, and never reaches a private, loopback or link-local address, by name or by number", async () => {
    await expect(addWebhook(actor, `http://127.0.0.1:${port}/hook`)).rejects.toMatchObject({
      field: "url",
      userMessage: "The URL must start with https://",
    });
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `2130706433:${port}`, // 127.0.0.1 written as one number
      "169.254.169.254",
      "[::1]",
      `[::ffff:127.0.0.1]:${port}`, // IPv4-mapped
      "[64:ff9b::a9fe:a9fe]", // NAT64 of 169.254.169.254
    ]) {
      const { id } = await addWebhook(actor, `https://${host}/hook`);
      expect(await testWebhook(actor, id)).toMatch(/private address/);
      await deleteWebhook(actor, id);
    }
    expect(receiver.received).toHaveLength(0);
  });
});
