import "server-only";
import { db } from "@/lib/db/prisma";
import { env } from "@/lib/env";
import { alertRecipients } from "@/lib/alerts/alert-recipients";
import { mailConfigured, sendMail } from "@/lib/mail/send-mail";
import type { AlertKind } from "@/lib/generated/prisma/client";

// Alerts are always shown in the portal (the destination page) while open; with
// ALERT_WEBHOOK_URL they are also POSTed there as JSON, and with SMTP_URL e-mailed to the
// destination's creator, or to the organization's admins once the creator has left it.

export type AlertPayload = {
  kind: AlertKind;
  destinationId: string;
  destinationName: string;
  message: string;
  at: string;
};

async function postWebhook(url: string, payload: AlertPayload): Promise<string> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Deltaport-Alerts" },
      body: JSON.stringify(payload),
      redirect: "manual",
      signal: AbortSignal.timeout(5000),
    });
    return `HTTP ${response.status}`;
  } catch (error) {
    return `failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200);
  }
}

/** Opens an alert unless one of this kind is already open for the destination; delivers it once. */
export async function raiseAlert(
  destination: { id: string; name: string },
  kind: AlertKind,
  message: string,
): Promise<boolean> {
  const open = await db.alert.findFirst({ where: { destinationId: destination.id, kind, resolvedAt: null } });
  if (open) return false;
  let alert;
  try {
    alert = await db.alert.create({ data: { destinationId: destination.id, kind, message } });
  } catch {
    return false; // another process opened it first (one open alert per kind)
  }
  const { ALERT_WEBHOOK_URL } = env();
  const payload = {
    kind,
    destinationId: destination.id,
    destinationName: destination.name,
    message,
    at: alert.createdAt.toISOString(),
  };
  if (ALERT_WEBHOOK_URL) {
    await db.alert.update({
      where: { id: alert.id },
      data: { webhookStatus: await postWebhook(ALERT_WEBHOOK_URL, payload) },
    });
  }
  const recipients = mailConfigured() ? await alertRecipients(destination.id) : [];
  if (recipients.length > 0) {
    const emailStatus = await sendMail({
      to: recipients,
      subject: `Deltaport: ${destination.name} is ${kind === "FAILING" ? "failing" : "lagging"}`,
      text: `${message}\n\nDestination: ${destination.name} (${destination.id})\nSince: ${payload.at}`,
    }).then(
      () => "sent",
      (error: unknown) => `failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200),
    );
    await db.alert.update({ where: { id: alert.id }, data: { emailStatus } });
  }
  return true;
}

export async function resolveAlerts(destinationId: string, kind: AlertKind, now = new Date()): Promise<void> {
  await db.alert.updateMany({ where: { destinationId, kind, resolvedAt: null }, data: { resolvedAt: now } });
}

export function openAlerts(destinationId: string) {
  return db.alert.findMany({ where: { destinationId, resolvedAt: null }, orderBy: { createdAt: "desc" } });
}
