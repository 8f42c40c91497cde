import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashLinkToken } from "@/lib/auth/link-tokens";
import { verifyPassword } from "@/lib/auth/password";
import { mailResetLink, RESET_LIFETIME_MS, resetLinkUsable, resetPassword } from "@/lib/auth/password-change";
import { sessionUser, startSession } from "@/lib/auth/user-sessions";
import { db } from "@/lib/db/prisma";
import { startSmtpCapture } from "@/tests/support/smtp-capture";

// Password resets against the real database and a local SMTP server: a link mailed only to an
// account with a password, stored by its hash, single use, 1 hour, ending every session.

const PREFIX = `reset-${Date.now()}`;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;

beforeAll(async () => {
  smtp = await startSmtpCapture(Number(new URL(process.env.SMTP_URL!).port));
});

afterAll(async () => {
  await smtp.close();
  await db.user.deleteMany({ where: { email: { startsWith: PREFIX } } });
});

/** Mails a link to a new account with a password; returns the account and the link's token. */
async function linkFor(name: string, now = new Date()) {
  const email = `${PREFIX}-${name}@example.test`;
  const user = await db.user.create({ data: { email, passwordHash: "old-hash" } });
  await mailResetLink(email, now);
  const mail = smtp.mails.find((candidate) => candidate.to.includes(email))!;
  const token = /reset-password\/([A-Za-z0-9_-]{43})/.exec(mail.data.replace(/=\r\n/g, ""))![1]!;
  return { user, token };
}

describe("password resets", () => {
  it("mail a link whose token the database keeps only hashed", async () => {
    const { user, token } = await linkFor("hashed");
    const stored = await db.passwordReset.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.tokenHash).toBe(hashLinkToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it("set the password once, and end every session of the account", async () => {
    const { user, token } = await linkFor("once");
    const session = await startSession(user.id);
    await resetPassword(token, "a-brand-new-password");
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword("a-brand-new-password", passwordHash)).toBe(true);
    expect(await sessionUser(session, user.id)).toBeNull();
    await expect(resetPassword(token, "yet-another-password")).rejects.toThrow("expired or was already used");
    expect(await resetLinkUsable(token)).toBe(false);
  });

  it("expire after an hour", async () => {
    const madeAt = new Date();
    const { token } = await linkFor("late", madeAt);
    expect(await resetLinkUsable(token, new Date(madeAt.getTime() + RESET_LIFETIME_MS - 1000))).toBe(true);
    const late = new Date(madeAt.getTime() + RESET_LIFETIME_MS + 1000);
    await expect(resetPassword(token, "a-brand-new-password", late)).rejects.toThrow("expired");
  });

  it("are not mailed to unknown e-mails, nor to accounts that sign in only with SSO", async () => {
    const sso = `${PREFIX}-sso@example.test`;
    await db.user.create({ data: { email: sso, ssoIssuer: "https://idp.test", ssoSubject: sso } });
    const before = smtp.mails.length;
    await mailResetLink(sso);
    await mailResetLink(`${PREFIX}-nobody@example.test`);
    expect(smtp.mails.length).toBe(before);
    expect(await db.passwordReset.count({ where: { user: { email: sso } } })).toBe(0);
  });

  it("refuse a made-up token", async () => {
    await expect(resetPassword("A".repeat(43), "a-brand-new-password")).rejects.toThrow(
      "expired or was already used",
    );
  });
});
