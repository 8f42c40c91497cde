import "server-only";
import { createHash, randomBytes } from "node:crypto";

// The tokens in invitation and password-reset links: 256 random bits, of which the database
// keeps only the SHA-256. A database leak then holds no usable link, and a token is found by
// its hash (unique index) without comparing secrets in JavaScript.

export const hashLinkToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function newLinkToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashLinkToken(token) };
}

/** A token as it may appear in a link: base64url, 43 characters. Anything else finds nothing. */
export const isLinkToken = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);
