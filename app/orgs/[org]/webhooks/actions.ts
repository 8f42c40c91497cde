"use server";

import { z } from "zod";
import { organizationAction } from "@/lib/actions/project-action";
import { throttleForm } from "@/lib/auth/request-throttle";
import { addWebhook, deleteWebhook, testWebhook } from "@/lib/organizations/webhooks";
import { alertWebhooksPath } from "@/lib/paths";

const revalidate = (access: { organization: { slug: string } }) =>
  alertWebhooksPath(access.organization.slug);
const WebhookId = z.object({ webhookId: z.string().min(1).max(64) });

/** Adds an alert webhook (ADMIN): returns its signing secret, shown once. */
export const addWebhookAction = organizationAction({
  permission: "webhooks.manage",
  input: z.object({
    url: z.string().trim().min(1, "Enter the webhook's URL.").max(2000, "The URL is too long."),
  }),
  revalidate,
  async run({ url }, { actor }) {
    const { secret } = await addWebhook(actor, url);
    return {
      ok: true,
      data: { secret },
      message: "Webhook added. Copy its signing secret now: it is not shown again.",
    };
  },
});

/** Deletes an alert webhook (ADMIN). */
export const deleteWebhookAction = organizationAction({
  permission: "webhooks.manage",
  input: WebhookId,
  revalidate,
  async run({ webhookId }, { actor }) {
    await deleteWebhook(actor, webhookId);
    return { ok: true, message: "Webhook deleted." };
  },
});

/** Sends a signed test message to one webhook (ADMIN). */
export const testWebhookAction = organizationAction({
  permission: "webhooks.manage",
  input: WebhookId,
  revalidate,
  async run({ webhookId }, { actor }) {
    await throttleForm("webhookTest", webhookId);
    const outcome = await testWebhook(actor, webhookId);
    return outcome === "delivered"
      ? { ok: true, message: "Test message delivered." }
      : {
          ok: false,
          message: `The test message was not delivered (${outcome}).`,
        };
  },
});
