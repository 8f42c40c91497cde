import "server-only";
import { headers } from "next/headers";
import type { RateLimiterPostgres } from "rate-limiter-flexible";
import { addressKey } from "@/lib/auth/sign-in-throttle";
import { requestAddress } from "@/lib/client-address";
import { AppError } from "@/lib/errors";
import { hashedKey, sharedLimiter, takePoint } from "@/lib/rate-limits";

// Limits on what can be asked of the portal without much standing, besides sign-in itself:
// first-run setup (guessing its token), password-reset requests (mail to someone's inbox),
// links' forms (each sets a password: an argon2 hash), invitations and new organizations
// (mail from our sender with the inviter's words). Counted in the shared PostgreSQL store:
// per client address when the deployment knows it (TRUSTED_PROXY_HOPS or Vercel), per key
// (an e-mail, an organization, a user) where there is one, and for the whole deployment, so
// that a sender who hides its address is still bounded.

type Limit = { points: number; windowSeconds: number };
const MINUTES = 60;
const HOUR = 60 * MINUTES;
const LIMITS = {
  setup: {
    perAddress: { points: 10, windowSeconds: 15 * MINUTES },
    overall: { points: 50, windowSeconds: 15 * MINUTES },
  },
  "password-reset": {
    perKey: { points: 3, windowSeconds: HOUR },
    perAddress: { points: 10, windowSeconds: HOUR },
    overall: { points: 200, windowSeconds: HOUR },
  },
  "link-form": {
    perAddress: { points: 20, windowSeconds: HOUR },
    overall: { points: 500, windowSeconds: HOUR },
  },
  invitation: { perKey: { points: 50, windowSeconds: HOUR } },
  organization: { perKey: { points: 5, windowSeconds: HOUR } },
  // A webhook's test messages (each a request the portal makes to the admin's URL).
  webhookTest: { perKey: { points: 10, windowSeconds: HOUR } },
} satisfies Record<string, Partial<Record<"perKey" | "perAddress" | "overall", Limit>>>;
export type ThrottledForm = keyof typeof LIMITS;

const limiters = new Map<string, RateLimiterPostgres>();
function limiter(form: ThrottledForm, scope: string, limit: Limit) {
  const prefix = `${form}-${scope}`;
  if (!limiters.has(prefix)) limiters.set(prefix, sharedLimiter({ prefix, ...limit }));
  return limiters.get(prefix)!;
}

/**
 * Counts one submission of `form` (for `key`, when the form has a per-key limit: an e-mail,
 * an organization's or a user's id); throws an AppError saying to wait when a limit is reached.
 */
export async function throttleForm(form: ThrottledForm, key?: string): Promise<void> {
  const limits: Partial<Record<"perKey" | "perAddress" | "overall", Limit>> = LIMITS[form];
  const address = requestAddress(await headers());
  const counts: [string, Limit | undefined, string | null][] = [
    ["overall", limits.overall, "all"],
    ["address", limits.perAddress, address && addressKey(address)],
    // Hashed: the table holds no e-mail address.
    ["key", limits.perKey, key ? hashedKey(key) : null],
  ];
  for (const [scope, limit, counted] of counts)
    if (limit && counted && !(await takePoint(limiter(form, scope, limit), counted)))
      throw new AppError("FORBIDDEN", "Too many attempts. Wait a few minutes and try again.");
}
