import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// Private signing keys are stored only as AES-256-GCM ciphertext under KEY_ENCRYPTION_KEY,
// bound to their key id (as additional authenticated data) so that one key's ciphertext
// cannot be passed off as another's.

const VERSION = "v1";

function keyBytes(encryptionKey: string): Buffer {
  const key = Buffer.from(encryptionKey, "base64");
  if (key.length !== 32) throw new Error("KEY_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
  return key;
}

export function encryptPrivateKey(plaintext: string, kid: string, encryptionKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyBytes(encryptionKey), iv);
  cipher.setAAD(Buffer.from(kid, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    VERSION,
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    ciphertext.toString("base64url"),
  ].join(".");
}

export function decryptPrivateKey(sealed: string, kid: string, encryptionKey: string): string {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || !ciphertext)
    throw new Error(`signing key ${kid}: unknown encryption format`);
  const decipher = createDecipheriv("aes-256-gcm", keyBytes(encryptionKey), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(kid, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new Error(
      `signing key ${kid} cannot be decrypted: KEY_ENCRYPTION_KEY is not the key it was stored with`,
    );
  }
}

/**
 * Any other secret Deltaport must be able to read back (a webhook's signing secret), sealed the
 * same way and bound to what it belongs to (`binding`, e.g. "webhook:<id>").
 */
export const sealSecret = (plaintext: string, binding: string, encryptionKey: string) =>
  encryptPrivateKey(plaintext, binding, encryptionKey);
export const openSecret = (sealed: string, binding: string, encryptionKey: string) =>
  decryptPrivateKey(sealed, binding, encryptionKey);
