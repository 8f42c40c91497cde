import "server-only";
import { db } from "@/lib/db/prisma";
import { endOtherSessions } from "@/lib/auth/user-sessions";

// Which Deltaport user an SSO sign-in is (issue 14, item 5). SSO never creates users: it signs
// in people invited with that e-mail. The first SSO sign-in binds the user to the IdP's issuer
// and subject; from then on the subject alone says who it is, and the e-mail the IdP reports
// no longer matters. An e-mail claim counts only when the IdP says it verified it: an IdP that
// lets users set their own address would otherwise sign them in as anyone, admins included.

export type SsoProfile = {
  issuer: string;
  subject: string;
  email?: string | null;
  /** The `email_verified` claim; some IdPs send it as a string. */
  emailVerified?: boolean | string | null;
};

export type SsoVerdict =
  | { userId: string }
  | { refused: "unverified-email" | "no-account" | "bound-elsewhere" };

const verified = (claim: SsoProfile["emailVerified"]) => claim === true || claim === "true";

/** Finds the user bound to this identity, or binds the invited user with this verified e-mail. */
export async function resolveSsoUser(profile: SsoProfile): Promise<SsoVerdict> {
  const { issuer, subject } = profile;
  const bound = await findSsoUser(issuer, subject);
  if (bound) return { userId: bound };
  if (!verified(profile.emailVerified)) return { refused: "unverified-email" };
  const email = profile.email?.trim().toLowerCase();
  if (!email) return { refused: "no-account" };
  // Binds only a user not bound yet: one bound to another identity stays refused. The IdP has
  // now proved who owns the e-mail, which a password may not have (an account can be created
  // by whoever holds an invitation link), so the password goes and every session ends: from
  // here the account signs in through SSO only.
  const binding = await db.user.updateMany({
    where: { email, ssoSubject: null },
    data: { ssoIssuer: issuer, ssoSubject: subject, passwordHash: null },
  });
  if (binding.count === 1) {
    const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
    await endOtherSessions(user.id, null);
    return { userId: user.id };
  }
  const exists = await db.user.count({ where: { email } });
  return { refused: exists ? "bound-elsewhere" : "no-account" };
}

/** The user bound to this IdP identity, if any. */
export async function findSsoUser(issuer: string, subject: string): Promise<string | null> {
  const user = await db.user.findUnique({
    where: { ssoIssuer_ssoSubject: { ssoIssuer: issuer, ssoSubject: subject } },
    select: { id: true },
  });
  return user?.id ?? null;
}
