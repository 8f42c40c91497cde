import "server-only";
import { isIPv6 } from "node:net";
import type { RateLimiterPostgres } from "rate-limiter-flexible";
import { hashedKey, sharedLimiter, takePoint } from "@/lib/rate-limits";

// Failed password sign-ins, limited per account and per client address over 15 minutes, in
// the shared PostgreSQL store. An attempt is counted before its password is checked (one
// atomic step, so parallel guesses cannot slip past the limit) and given back when the
// password is right. Past a limit, even the right password is refused until the window ends:
// the answer must not tell a guesser that a guess was right.

export const FAILED_SIGN_IN_LIMITS = { perAccount: 10, perAddress: 100, windowSeconds: 15 * 60 };

let limiters: { account: RateLimiterPostgres; address: RateLimiterPostgres } | undefined;
function signInLimiters() {
  const { perAccount, perAddress, windowSeconds } = FAILED_SIGN_IN_LIMITS;
  limiters ??= {
    account: sharedLimiter({ prefix: "sign-in-account", points: perAccount, windowSeconds }),
    address: sharedLimiter({ prefix: "sign-in-address", points: perAddress, windowSeconds }),
  };
  return limiters;
}

/**
 * An IPv6 client is keyed by its /64, which one subscriber holds whole: counting single
 * addresses would give one attacker 2^64 fresh budgets. IPv4 addresses count one by one.
 */
export function addressKey(address: string): string {
  if (!isIPv6(address)) return address;
  const [head = "", tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/** Accounts are keyed by a hash of the e-mail: the table holds no address of anyone. */
const accountKey = hashedKey;

/**
 * Counts a sign-in attempt for the account and, when the request's address is known, for the
 * address. False when either is past its limit (and then nothing is counted for the other).
 */
export async function takeSignInAttempt(email: string, address: string | null): Promise<boolean> {
  const { account, address: perAddress } = signInLimiters();
  if (!(await takePoint(account, accountKey(email)))) return false;
  if (address && !(await takePoint(perAddress, addressKey(address)))) {
    await account.reward(accountKey(email), 1);
    return false;
  }
  return true;
}

/** The attempt did not count as a failure: the password was right, or it was never checked. */
export async function giveBackSignInAttempt(email: string, address: string | null, succeeded: boolean) {
  const { account, address: perAddress } = signInLimiters();
  // A correct password clears the account's failures; the address only gets its point back.
  if (succeeded) await account.delete(accountKey(email));
  else await account.reward(accountKey(email), 1);
  if (address) await perAddress.reward(addressKey(address), 1);
}
