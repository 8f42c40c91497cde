import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { env, type Env } from "@/lib/env";

// A freshly deployed public instance must not be claimable by whoever finds it first, so
// first-run setup takes a token: SETUP_TOKEN from the environment (required in production); in
// development, when none is set, one is generated and printed on the server's console.

let generated: string | undefined;

/** The token setup asks for, or null when setup cannot run (no SETUP_TOKEN outside development). */
export function setupToken(settings: Pick<Env, "SETUP_TOKEN" | "NODE_ENV"> = env()): string | null {
  const { SETUP_TOKEN, NODE_ENV } = settings;
  if (SETUP_TOKEN) return SETUP_TOKEN;
  if (NODE_ENV !== "development") return null;
  if (!generated) {
    generated = randomBytes(18).toString("base64url");
    console.log(`\n  First-run setup: open /setup?token=${generated}\n`);
  }
  return generated;
}

/** Compares a submitted token with the expected one in constant time. */
export function setupTokenMatches(submitted: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(submitted), digest(expected));
}
