import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeCredentials } from "@/lib/auth/options";
import { hashPassword, verificationSlots } from "@/lib/auth/password";
import { SIGN_IN_ERROR } from "@/lib/auth/sign-in-errors";
import { FAILED_SIGN_IN_LIMITS, takeSignInAttempt } from "@/lib/auth/sign-in-throttle";
import { db } from "@/lib/db/prisma";
import { sharedLimiter } from "@/lib/rate-limits";

// Issue 14, item 4: failed password sign-ins are limited per account and per address, in
// PostgreSQL, so that the limit holds across instances.
const PASSWORD = "correct horse battery staple";
let passwordHash: string;

/** A user of its own per test: a locked account must not lock the demo users for others. */
async function newUser() {
  const email = `throttle-${randomUUID()}@acme.test`;
  await db.user.create({ data: { email, passwordHash } });
  return email;
}
const attempt = (email: string, password: string) => authorizeCredentials({ email, password }, new Headers());

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => db.$disconnect());

describe("failed sign-ins", () => {
  it(`lock an account after ${FAILED_SIGN_IN_LIMITS.perAccount}, even for the right password, with a generic answer`, async () => {
    const email = await newUser();
    const other = await newUser();
    for (let i = 0; i < FAILED_SIGN_IN_LIMITS.perAccount; i++)
      expect(await attempt(email, `guess-${i}`)).toBeNull();
    await expect(attempt(email, PASSWORD)).rejects.toThrow(SIGN_IN_ERROR.throttled);
    // In any case of e-mail; and another account is untouched.
    await expect(attempt(email.toUpperCase(), PASSWORD)).rejects.toThrow(SIGN_IN_ERROR.throttled);
    expect(await attempt(other, PASSWORD)).toMatchObject({ email: other });
    // Unknown e-mails count alike, so the answer tells nothing of which accounts exist.
    const unknown = `nobody-${randomUUID()}@acme.test`;
    for (let i = 0; i < FAILED_SIGN_IN_LIMITS.perAccount; i++) expect(await attempt(unknown, "x")).toBeNull();
    await expect(attempt(unknown, "x")).rejects.toThrow(SIGN_IN_ERROR.throttled);
  });

  it("are held in PostgreSQL: another instance's limiter sees them, and the e-mail is not stored", async () => {
    const email = await newUser();
    for (let i = 0; i < 3; i++) await attempt(email, "wrong");
    const rows = await db.rateLimit.findMany({ where: { key: { startsWith: "sign-in-account:" } } });
    expect(rows.some((row) => row.key.includes(email))).toBe(false);
    const elsewhere = sharedLimiter({
      prefix: "sign-in-account",
      points: FAILED_SIGN_IN_LIMITS.perAccount,
      windowSeconds: FAILED_SIGN_IN_LIMITS.windowSeconds,
    });
    const counted = await Promise.all(
      rows.map((row) => elsewhere.get(row.key.slice("sign-in-account:".length))),
    );
    expect(counted.some((state) => state?.consumedPoints === 3)).toBe(true);
  });

  it("are forgotten after a correct password", async () => {
    const email = await newUser();
    for (let i = 0; i < FAILED_SIGN_IN_LIMITS.perAccount - 1; i++) await attempt(email, "wrong");
    expect(await attempt(email, PASSWORD)).toMatchObject({ email });
    for (let i = 0; i < FAILED_SIGN_IN_LIMITS.perAccount - 1; i++)
      expect(await attempt(email, "wrong")).toBeNull();
    expect(await attempt(email, PASSWORD)).toMatchObject({ email });
  });

  it("cannot slip past the limit in parallel", async () => {
    const email = await newUser();
    const results = await Promise.allSettled(
      Array.from({ length: 3 * FAILED_SIGN_IN_LIMITS.perAccount }, (_, i) => attempt(email, `parallel-${i}`)),
    );
    const checked = results.filter((result) => result.status === "fulfilled");
    expect(checked).toHaveLength(FAILED_SIGN_IN_LIMITS.perAccount);
    expect(verificationSlots.active).toBe(0);
  });

  it(`limit an address to ${FAILED_SIGN_IN_LIMITS.perAddress} across accounts`, async () => {
    const address = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    for (let i = 0; i < FAILED_SIGN_IN_LIMITS.perAddress; i++)
      expect(await takeSignInAttempt(`spray-${i}-${randomUUID()}@acme.test`, address)).toBe(true);
    expect(await takeSignInAttempt(`spray-last-${randomUUID()}@acme.test`, address)).toBe(false);
    expect(await takeSignInAttempt(`spray-last-${randomUUID()}@acme.test`, "198.51.100.0")).toBe(true);
  });
});
