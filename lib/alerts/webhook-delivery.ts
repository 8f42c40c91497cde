import "server-only";
import { createHmac } from "node:crypto";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP } from "node:net";
import { db } from "@/lib/db/prisma";
import { env } from "@/lib/env";
import type { WebhookDelivery } from "@/lib/generated/prisma/client";
import { errorFields, log } from "@/lib/log";
import { openSecret } from "@/lib/oidc/key-encryption";

// Delivering one webhook message: signed, sent at most once at a time, retried with backoff.
// The signature is Stripe's scheme: `Deltaport-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256
// of "<t>.<body>">`, so a receiver checks both the body and its freshness. A webhook never
// reaches the portal's own network: its host is resolved and refused at connection time when
// it is private, loopback or link-local (no DNS trick gets past a check made before).

/** After the first attempt, the waits before the next ones; then the delivery gives up. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000];
const TIMEOUT_MS = 5_000;
/** How long an attempt holds a delivery, so that no second worker sends it meanwhile. */
const CLAIM_MS = 60_000;

export const SIGNATURE_HEADER = "deltaport-signature";

/** The signature header's value for `body` sent at `timestamp` (unix seconds). */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

// Every address that is not global unicast, and the IPv6 forms that embed an IPv4 address
// (NAT64, 6to4, Teredo, IPv4-compatible; IPv4-mapped ones are checked as IPv4 below).
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  PRIVATE.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 96],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["2001::", 32],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  PRIVATE.addSubnet(network, prefix, "ipv6");

/** Whether `address` is refused; an IPv4-mapped IPv6 address (::ffff:a.b.c.d, or its hex form) as its IPv4. */
export function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 4) return PRIVATE.check(address, "ipv4");
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  const mapped =
    dotted ??
    (hex
      ? [
          parseInt(hex[1]!, 16) >> 8,
          parseInt(hex[1]!, 16) & 255,
          parseInt(hex[2]!, 16) >> 8,
          parseInt(hex[2]!, 16) & 255,
        ].join(".")
      : null);
  if (mapped) return PRIVATE.check(mapped, "ipv4");
  return PRIVATE.check(address, "ipv6");
}

/** Only an explicit WEBHOOK_ALLOW_PRIVATE_HOSTS=1 (tests, a private deployment) lets webhooks in. */
const privateHostsAllowed = () => env().WEBHOOK_ALLOW_PRIVATE_HOSTS === "1";

/** A DNS lookup that fails for addresses the webhook may not reach. */
function guardedLookup(hostname: string, options: object, callback: (...args: unknown[]) => void) {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error);
    // Said without the address: the status is shown to the organization's admins.
    if (!privateHostsAllowed() && addresses.some((a) => isPrivateAddress(a.address)))
      return callback(new Error(`${hostname} resolves to a private address`));
    const all = (options as { all?: boolean }).all;
    if (all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

/** Why `url` cannot be a webhook, or null: https (http only where private hosts are allowed). */
export function webhookUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "Enter the webhook's full URL, starting with https://";
  }
  if (parsed.username || parsed.password) return "The URL must not contain a user name or password";
  if (parsed.protocol === "https:") return null;
  if (parsed.protocol === "http:" && privateHostsAllowed()) return null;
  return "The URL must start with https://";
}

/** POSTs `body` to `url`, signed; the HTTP status, or throws. */
function post(url: string, secret: string, body: string, now: Date): Promise<number> {
  const target = new URL(url);
  // An address in the URL is connected to without a lookup: checked here instead.
  const literal = target.hostname.replace(/^\[|\]$/g, "");
  if (isIP(literal) && isPrivateAddress(literal) && !privateHostsAllowed())
    return Promise.reject(new Error(`${literal} is a private address`));
  const client = target.protocol === "https:" ? https : http;
  const headers = {
    "content-type": "application/json",
    "user-agent": "Deltaport-Webhooks",
    [SIGNATURE_HEADER]: webhookSignature(secret, Math.floor(now.getTime() / 1000), body),
  };
  return new Promise((resolve, reject) => {
    // One deadline for the whole exchange (a receiver that trickles bytes cannot hold it), and
    // the answer's status is all that is read: the socket goes once the headers are in.
    const request = client.request(
      target,
      { method: "POST", headers, lookup: guardedLookup as never, signal: AbortSignal.timeout(TIMEOUT_MS) },
      (response) => {
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    request.on("error", (error) =>
      reject(error.name === "AbortError" ? new Error(`no answer within ${TIMEOUT_MS} ms`) : error),
    );
    request.end(body);
  });
}

/**
 * One attempt of a delivery, if it is due and no other worker holds it: a 2xx delivers it,
 * anything else schedules the next attempt (or gives up after the last). Returns what happened.
 */
export async function attemptDelivery(deliveryId: string, now = new Date()): Promise<string> {
  const claimed = await db.webhookDelivery.updateManyAndReturn({
    where: {
      id: deliveryId,
      deliveredAt: null,
      OR: [{ attempts: 0, nextAttemptAt: null }, { nextAttemptAt: { lte: now } }],
    },
    data: { nextAttemptAt: new Date(now.getTime() + CLAIM_MS), attempts: { increment: 1 } },
    include: { webhook: true },
  });
  const delivery = claimed[0];
  if (!delivery) return "not due";
  const logger = log().child({ webhookId: delivery.webhookId, deliveryId, attempt: delivery.attempts });
  let status: string;
  try {
    const secret = openSecret(
      delivery.webhook.encryptedSecret,
      `webhook:${delivery.webhookId}`,
      env().KEY_ENCRYPTION_KEY!,
    );
    const code = await post(delivery.webhook.url, secret, delivery.body, now);
    status = `HTTP ${code}`;
    if (code >= 200 && code < 300) {
      await db.webhookDelivery.update({
        where: { id: deliveryId },
        data: { deliveredAt: new Date(), nextAttemptAt: null, lastStatus: status },
      });
      logger.info({ event: delivery.event, status }, "webhook delivered");
      return "delivered";
    }
  } catch (error) {
    status = `failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200);
  }
  // A test message is tried once: it is for the admin who asked, now.
  const wait = delivery.event === "webhook.test" ? undefined : RETRY_DELAYS_MS[delivery.attempts - 1];
  await db.webhookDelivery.update({
    where: { id: deliveryId },
    data: { lastStatus: status, nextAttemptAt: wait === undefined ? null : new Date(now.getTime() + wait) },
  });
  logger.warn({ event: delivery.event, status, retry: wait !== undefined }, "webhook not delivered");
  return status;
}

/** Creates a delivery of `payload` to each of the organization's webhooks and tries each once. */
export async function sendToWebhooks(
  organizationId: string,
  event: string,
  payload: object,
): Promise<WebhookDelivery[]> {
  const webhooks = await db.organizationWebhook.findMany({ where: { organizationId }, select: { id: true } });
  const body = JSON.stringify({ event, ...payload });
  const deliveries = await Promise.all(
    webhooks.map((webhook) => db.webhookDelivery.create({ data: { webhookId: webhook.id, event, body } })),
  );
  await Promise.all(
    deliveries.map((delivery) =>
      attemptDelivery(delivery.id).catch((error: unknown) =>
        log().error(errorFields(error), "webhook attempt failed"),
      ),
    ),
  );
  return deliveries;
}

/** Retries the deliveries whose next attempt is due (each scheduler tick), a bounded number at a time. */
export async function retryWebhookDeliveries(now = new Date(), limit = 50): Promise<number> {
  const due = await db.webhookDelivery.findMany({
    where: { deliveredAt: null, nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { id: true },
  });
  // Side by side: each attempt ends within its deadline, so a tick waits about one deadline.
  await Promise.all(
    due.map(({ id }) =>
      attemptDelivery(id, now).catch((error: unknown) =>
        log().error(errorFields(error), "webhook attempt failed"),
      ),
    ),
  );
  return due.length;
}
