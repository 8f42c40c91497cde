import "server-only";
import { db } from "@/lib/db/prisma";
import { alertRecipients } from "@/lib/alerts/alert-recipients";
import { sendToWebhooks } from "@/lib/alerts/webhook-delivery";
import { errorFields, log } from "@/lib/log";
import { mailConfigured, sendMail } from "@/lib/mail/send-mail";
import type { Alert, AlertKind } from "@/lib/generated/prisma/client";

// Alerts are always shown in the portal (the destination page) while open. Opening and
// resolving one is also told to the organization's webhooks (signed, retried: see
// webhook-delivery.ts), in a Slack-compatible body, and e-mailed (with SMTP_URL) to the
// destination's creator and the organization's admins.

type AlertedDestination = { id: string; name: string };

const KIND_WORDS: Record<AlertKind, string> = { FAILING: "failing", LAG: "lagging" };

/** The webhook body: Slack shows `text`; other receivers read the rest. */
function alertPayload(alert: Alert, destination: AlertedDestination, state: "open" | "resolved") {
  const text =
    state === "open"
      ? `:red_circle: ${destination.name} is ${KIND_WORDS[alert.kind]}: ${alert.message}`
      : `:large_green_circle: ${destination.name} is no longer ${KIND_WORDS[alert.kind]} (resolved ${alert.resolvedAt?.toISOString()}).`;
  return {
    text,
    alert: {
      id: alert.id,
      kind: alert.kind,
      state,
      message: alert.message,
      openedAt: alert.createdAt.toISOString(),
      resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    },
    destination: { id: destination.id, name: destination.name },
  };
}

/** Tells the organization's webhooks and the alert's recipients; returns what happened to each. */
async function notify(alert: Alert, destination: AlertedDestination, state: "open" | "resolved") {
  const { organizationId } = await db.destination.findUniqueOrThrow({
    where: { id: destination.id },
    select: { organizationId: true },
  });
  const payload = alertPayload(alert, destination, state);
  const deliveries = await sendToWebhooks(
    organizationId,
    state === "open" ? "alert.opened" : "alert.resolved",
    payload,
  );
  const recipients = mailConfigured() ? await alertRecipients(destination.id) : [];
  let emailStatus: string | null = null;
  if (recipients.length > 0)
    emailStatus = await sendMail({
      to: recipients,
      subject:
        state === "open"
          ? `Deltaport: ${destination.name} is ${KIND_WORDS[alert.kind]}`
          : `Deltaport: ${destination.name} is no longer ${KIND_WORDS[alert.kind]}`,
      text: `${state === "open" ? alert.message : "Resolved."}\n\nDestination: ${destination.name} (${destination.id})\nOpened: ${payload.alert.openedAt}${state === "resolved" ? `\nResolved: ${payload.alert.resolvedAt}` : ""}`,
    }).then(
      () => "sent",
      (error: unknown) => `failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200),
    );
  return { webhookStatus: deliveries.length ? `${deliveries.length} webhook(s)` : null, emailStatus };
}

/** Opens an alert unless one of this kind is already open for the destination; tells people once. */
export async function raiseAlert(
  destination: AlertedDestination,
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
  log()
    .child({ destinationId: destination.id })
    .warn({ kind, alertId: alert.id }, `alert opened: ${message}`);
  const statuses = await notify(alert, destination, "open").catch((error: unknown) => {
    log().error(errorFields(error), "alert notification failed");
    return { webhookStatus: "failed", emailStatus: null };
  });
  await db.alert.update({ where: { id: alert.id }, data: statuses });
  return true;
}

/** Resolves the destination's open alerts of `kind`, and tells the same people it is resolved. */
export async function resolveAlerts(destinationId: string, kind: AlertKind, now = new Date()): Promise<void> {
  const resolved = await db.alert.updateManyAndReturn({
    where: { destinationId, kind, resolvedAt: null },
    data: { resolvedAt: now },
  });
  if (resolved.length === 0) return;
  const destination = await db.destination.findUniqueOrThrow({
    where: { id: destinationId },
    select: { id: true, name: true },
  });
  for (const alert of resolved) {
    log().child({ destinationId }).info({ kind, alertId: alert.id }, "alert resolved");
    await notify(alert, destination, "resolved").catch((error: unknown) =>
      log().error(errorFields(error), "alert notification failed"),
    );
  }
}

/** The destination's open alerts, newest first (shown on the destination page). */
export function openAlerts(destinationId: string) {
  return db.alert.findMany({ where: { destinationId, resolvedAt: null }, orderBy: { createdAt: "desc" } });
}
