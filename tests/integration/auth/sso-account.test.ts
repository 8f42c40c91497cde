import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { findSsoUser, resolveSsoUser } from "@/lib/auth/sso-account";
import { sessionUser, startSession } from "@/lib/auth/user-sessions";
import { db } from "@/lib/db/prisma";

// Issue 14, item 5: SSO signs in an invited user only on a verified e-mail, binds the IdP's
// issuer and subject at the first sign-in, and from then on knows the user by them alone.
const ISSUER = "https://idp.example.test";
const invite = async () => {
  const email = `sso-${randomUUID()}@acme.test`;
  const user = await db.user.create({ data: { email } });
  return { email, id: user.id };
};

afterAll(() => db.$disconnect());

describe("SSO sign-in", () => {
  it("refuses an e-mail the IdP did not verify, in every form the claim takes", async () => {
    const { email } = await invite();
    for (const emailVerified of [undefined, null, false, "false", "yes"])
      expect(await resolveSsoUser({ issuer: ISSUER, subject: randomUUID(), email, emailVerified })).toEqual({
        refused: "unverified-email",
      });
    expect(await db.user.findUniqueOrThrow({ where: { email } })).toMatchObject({ ssoSubject: null });
  });

  it("binds the first verified sign-in, in any case of e-mail, and then knows the user by subject", async () => {
    const { email, id } = await invite();
    const subject = randomUUID();
    expect(
      await resolveSsoUser({ issuer: ISSUER, subject, email: email.toUpperCase(), emailVerified: "true" }),
    ).toEqual({ userId: id });
    expect(await findSsoUser(ISSUER, subject)).toBe(id);
    // The IdP later reports another address (verified or not): still the same user.
    expect(await resolveSsoUser({ issuer: ISSUER, subject, email: "changed@elsewhere.test" })).toEqual({
      userId: id,
    });
    // The same subject from another issuer is another identity.
    expect(await findSsoUser("https://other-idp.example.test", subject)).toBeNull();
  });

  it("takes the account over at binding: a password set by whoever held an invitation link stops, with its sessions", async () => {
    const { email, id } = await invite();
    await db.user.update({ where: { id }, data: { passwordHash: "argon2-hash-set-through-a-link" } });
    const squatter = await startSession(id);
    expect(
      await resolveSsoUser({ issuer: ISSUER, subject: randomUUID(), email, emailVerified: true }),
    ).toEqual({
      userId: id,
    });
    expect(await db.user.findUniqueOrThrow({ where: { id } })).toMatchObject({ passwordHash: null });
    expect(await sessionUser(squatter, id)).toBeNull();
  });

  it("refuses a second identity claiming a bound user's e-mail, even verified", async () => {
    const { email, id } = await invite();
    await resolveSsoUser({ issuer: ISSUER, subject: "first-" + randomUUID(), email, emailVerified: true });
    const intruder = "second-" + randomUUID();
    expect(await resolveSsoUser({ issuer: ISSUER, subject: intruder, email, emailVerified: true })).toEqual({
      refused: "bound-elsewhere",
    });
    expect(await findSsoUser(ISSUER, intruder)).toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { id } })).ssoSubject).toMatch(/^first-/);
  });

  it("never creates a user", async () => {
    const before = await db.user.count();
    expect(
      await resolveSsoUser({
        issuer: ISSUER,
        subject: randomUUID(),
        email: `stranger-${randomUUID()}@acme.test`,
        emailVerified: true,
      }),
    ).toEqual({ refused: "no-account" });
    expect(await db.user.count()).toBe(before);
  });
});
