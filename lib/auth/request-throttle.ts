import "server-only";
import { createHash } from "node:crypto";
import { headers } from "next/headers";
import { RateLimiterRes, type RateLimiterPostgres } from "rate-limiter-flexible";
import { addressKey } from "@/lib/auth/sign-in-throttle";
import { requestAddress } from "@/lib/client-address";
import { AppError } from "@/lib/errors";
import { sharedLimiter } from "@/lib/rate-limits";

// Limits on the forms a stranger can submit without signing in besides sign-in itself:
// first-run setup (guessing its token) and password-reset requests (mail to someone else's
// inbox). Counted in the shared PostgreSQL store, per client address when the deployment
// knows it (TRUSTED_PROXY_HOPS or Vercel), per account where there is one, and for the whole
// deployment, so that a sender who hides its address is still bounded.

type Limit = { points: number; windowSeconds: number };
const LIMITS = {
  setup: {
    perAddress: { points: 10, windowSeconds: 15 * 60 },
    overall: { points: 50, windowSeconds: 15 * 60 },
  },
  "password-reset": {
    perAccount: { points: 3, windowSeconds: 60 * 60 },
    perAddress: { points: 10, windowSeconds: 60 * 60 },
    overall: { points: 200, windowSeconds: 60 * 60 },
  },
} satisfies Record<string, Partial<Record<"perAccount" | "perAddress" | "overall", Limit>>>;
export type ThrottledForm = keyof typeof LIMITS;

const limiters = new Map<string, RateLimiterPostgres>();
function limiter(form: ThrottledForm, scope: string, limit: Limit) {
  const prefix = `${form}-${scope}`;
  if (!limiters.has(prefix)) limiters.set(prefix, sharedLimiter({ prefix, ...limit }));
  return limiters.get(prefix)!;
}

async function consumed(limiter: RateLimiterPostgres, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false;
    throw error;
  }
}

/**
 * Counts one submission of `form` (for `account`, an e-mail, when given); throws an AppError
 * saying to wait when any of its limits is reached.
 */
export async function throttleForm(form: ThrottledForm, account?: string): Promise<void> {
  const limits: Partial<Record<"perAccount" | "perAddress" | "overall", Limit>> = LIMITS[form];
  const address = requestAddress(await headers());
  const counts: [string, Limit | undefined, string | null][] = [
    ["overall", limits.overall, "all"],
    ["address", limits.perAddress, address && addressKey(address)],
    [
      "account",
      limits.perAccount,
      account ? createHash("sha256").update(account.toLowerCase()).digest("hex") : null,
    ],
  ];
  for (const [scope, limit, key] of counts)
    if (limit && key && !(await consumed(limiter(form, scope, limit), key)))
      throw new AppError("FORBIDDEN", "Too many attempts. Wait a few minutes and try again.");
}
