import "server-only";
import {
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  calculateJwkThumbprint,
  importPKCS8,
  type CryptoKey,
  type JWK,
} from "jose";
import { db } from "@/lib/db/prisma";
import { env } from "@/lib/env";
import type { SigningAlgorithm, SigningKey } from "@/lib/generated/prisma/client";
import { decryptPrivateKey, encryptPrivateKey } from "@/lib/oidc/key-encryption";

// Rotation keeps every token verifiable: a new key is published KEY_PREPUBLISH_MINUTES before
// it signs (Databricks may cache our JWKS), and the key it replaces stays published until the
// longest-lived token it may have signed has expired.
const LONGEST_TOKEN_MINUTES = 60;
const SKEW_MINUTES = 5;
const minutes = (n: number) => n * 60_000;

export type PublicJwk = JWK & { kid: string; alg: SigningAlgorithm; use: "sig" };
export type ActiveSigningKey = { kid: string; alg: SigningAlgorithm; privateKey: CryptoKey };

function encryptionKey(): string {
  const key = env().KEY_ENCRYPTION_KEY;
  if (!key) throw new Error("KEY_ENCRYPTION_KEY is not set: the issuer cannot store or use signing keys");
  return key;
}

async function generateSigningKey(algorithm: SigningAlgorithm, signsFrom: Date) {
  const { publicKey, privateKey } = await generateKeyPair(algorithm, { extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  const publicJwk: PublicJwk = { ...jwk, kid, alg: algorithm, use: "sig" };
  return {
    kid,
    algorithm,
    publicJwk,
    encryptedPrivateKey: encryptPrivateKey(await exportPKCS8(privateKey), kid, encryptionKey()),
    signsFrom,
  };
}

// Concurrent first requests must not create two keys: one transaction-scoped advisory lock.
const SIGNING_KEY_LOCK = 7_312_004_001;

/** Makes sure a signing key exists (the first start creates one, RS256 by default). */
export async function ensureSigningKey(algorithm: SigningAlgorithm = "RS256"): Promise<void> {
  if ((await db.signingKey.count()) > 0) return;
  // The first key has no predecessor, so it signs for any time asked of it.
  const key = await generateSigningKey(algorithm, new Date(0));
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SIGNING_KEY_LOCK})`;
    if ((await tx.signingKey.count()) === 0) await tx.signingKey.create({ data: key });
  });
}

/** The keys in the JWKS now: created and not yet retired. Public parts only. */
export async function publishedJwks(now = new Date()): Promise<{ keys: PublicJwk[] }> {
  await ensureSigningKey();
  const keys = await db.signingKey.findMany({
    where: { OR: [{ publishedUntil: null }, { publishedUntil: { gt: now } }] },
    orderBy: { signsFrom: "desc" },
    select: { publicJwk: true },
  });
  return { keys: keys.map((key) => key.publicJwk as PublicJwk) };
}

const decrypted = new Map<string, Promise<CryptoKey>>();

/** The key that signs now, with its private key decrypted in memory only. */
export async function activeSigningKey(now = new Date()): Promise<ActiveSigningKey> {
  await ensureSigningKey();
  const key = await db.signingKey.findFirst({
    where: { signsFrom: { lte: now }, OR: [{ signsUntil: null }, { signsUntil: { gt: now } }] },
    orderBy: { signsFrom: "desc" },
  });
  if (!key) throw new Error("no signing key is active now");
  if (!decrypted.has(key.kid)) {
    decrypted.set(
      key.kid,
      importPKCS8(decryptPrivateKey(key.encryptedPrivateKey, key.kid, encryptionKey()), key.algorithm),
    );
  }
  return { kid: key.kid, alg: key.algorithm, privateKey: await decrypted.get(key.kid)! };
}

export type Rotation = {
  newKid: string;
  signsFrom: Date;
  previousKid: string;
  previousPublishedUntil: Date;
  inlineJwksDestinations: number;
};

/**
 * Rotates the signing key (the operator's command, `npm run keys:rotate`): the new key is
 * published now and signs after `prepublishMinutes`; the current one signs until then and
 * stays published until its last tokens have expired. Refuses while a rotation is pending.
 */
export async function rotateSigningKey(
  options: { algorithm?: SigningAlgorithm; prepublishMinutes?: number; now?: Date } = {},
): Promise<Rotation> {
  const now = options.now ?? new Date();
  await ensureSigningKey();
  const signsFrom = new Date(
    now.getTime() + minutes(options.prepublishMinutes ?? env().KEY_PREPUBLISH_MINUTES),
  );
  const next = await generateSigningKey(options.algorithm ?? "RS256", signsFrom);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SIGNING_KEY_LOCK})`;
    const pending = await tx.signingKey.findFirst({ where: { signsFrom: { gt: now } } });
    if (pending)
      throw new Error(
        `a rotation is already pending: key ${pending.kid} starts signing at ${pending.signsFrom.toISOString()}`,
      );
    const current: SigningKey | null = await tx.signingKey.findFirst({
      where: { signsFrom: { lte: now }, OR: [{ signsUntil: null }, { signsUntil: { gt: now } }] },
      orderBy: { signsFrom: "desc" },
    });
    if (!current) throw new Error("no signing key is active now");
    const previousPublishedUntil = new Date(
      signsFrom.getTime() + minutes(LONGEST_TOKEN_MINUTES + SKEW_MINUTES),
    );
    await tx.signingKey.update({
      where: { kid: current.kid },
      data: { signsUntil: signsFrom, publishedUntil: previousPublishedUntil },
    });
    await tx.signingKey.create({ data: next });
    // Policies that carry our JWKS inline do not see the new key: their admins must update them first.
    const flagged = await tx.destination.updateMany({
      where: { policyVariant: "INLINE_JWKS", deletedAt: null },
      data: { policyUpdateNeeded: true },
    });
    return {
      newKid: next.kid,
      signsFrom,
      previousKid: current.kid,
      previousPublishedUntil,
      inlineJwksDestinations: flagged.count,
    };
  });
}
