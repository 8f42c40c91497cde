import { log } from "@/lib/log";
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "@/lib/db/prisma";
import { env } from "@/lib/env";
import { verifyPassword } from "@/lib/auth/password";
import { SIGN_IN_ERROR } from "@/lib/auth/sign-in-errors";
import { giveBackSignInAttempt, takeSignInAttempt } from "@/lib/auth/sign-in-throttle";
import { SlotsFull } from "@/lib/auth/verification-slots";
import { findSsoUser, resolveSsoUser, type SsoProfile } from "@/lib/auth/sso-account";
import { requestAddress } from "@/lib/client-address";
import { endSession, SESSION_MAX_AGE_SECONDS, startSession } from "@/lib/auth/user-sessions";

const Credentials = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

/**
 * Returns the user for a correct e-mail and password, else null: never says which was wrong.
 * Throws (with a SIGN_IN_ERROR code, which next-auth hands to the form) when failed attempts
 * for the account or the address are past their limit, or too many verifications wait.
 */
export async function authorizeCredentials(
  input: unknown,
  headers: Headers,
): Promise<{ id: string; email: string; name: string | null } | null> {
  const parsed = Credentials.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const address = requestAddress(headers);
  if (!(await takeSignInAttempt(email, address))) throw new Error(SIGN_IN_ERROR.throttled);
  const user = await db.user.findUnique({ where: { email } });
  let valid: boolean;
  try {
    valid = await verifyPassword(password, user?.passwordHash);
  } catch (error) {
    await giveBackSignInAttempt(email, address, false);
    if (error instanceof SlotsFull) throw new Error(SIGN_IN_ERROR.busy);
    throw error;
  }
  if (!user || !valid) return null;
  await giveBackSignInAttempt(email, address, true);
  return { id: user.id, email: user.email, name: user.name };
}

/** next-auth passes the request's headers as a plain record. */
function headersOf(record: Record<string, unknown> | undefined): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(record ?? {}))
    if (typeof value === "string") headers.set(name, value);
  return headers;
}

function ssoProvider(): NextAuthOptions["providers"] {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_DISPLAY_NAME } = env();
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET) return [];
  return [
    {
      id: "sso",
      name: OIDC_DISPLAY_NAME,
      type: "oauth",
      wellKnown: `${OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: OIDC_CLIENT_ID,
      clientSecret: OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile: (profile: { sub: string; email?: string; name?: string }) => ({
        id: profile.sub,
        email: profile.email,
        name: profile.name,
      }),
    },
  ];
}

/** The identity an IdP's ID token claims (next-auth hands over its claims as the profile). */
function ssoProfile(profile: object, subject: string): SsoProfile {
  const claims = profile as { iss?: string; email?: string; email_verified?: boolean | string };
  return {
    issuer: claims.iss ?? env().OIDC_ISSUER!,
    subject,
    email: claims.email,
    emailVerified: claims.email_verified,
  };
}

let options: NextAuthOptions | undefined;

/** next-auth configuration; built on first use so that `next build` needs no secrets. */
export function authOptions(): NextAuthOptions {
  options ??= {
    secret: env().NEXTAUTH_SECRET,
    // Credentials sign-in needs JWT sessions. The token only names the user and a session row
    // (lib/auth/user-sessions.ts): every request re-reads both, and the role, from the database.
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        authorize: (credentials, request) => authorizeCredentials(credentials, headersOf(request.headers)),
      }),
      ...ssoProvider(),
    ],
    callbacks: {
      // SSO signs in only people invited with that e-mail, verified by the IdP, and binds them
      // to the IdP's issuer and subject (lib/auth/sso-account.ts); it never creates users.
      async signIn({ account, profile }) {
        if (account?.provider === "credentials") return true;
        if (account?.provider !== "sso" || !profile) return false;
        const verdict = await resolveSsoUser(ssoProfile(profile, account.providerAccountId));
        if ("userId" in verdict) return true;
        log().warn({ refused: verdict.refused }, "SSO sign-in refused");
        return false;
      },
      async jwt({ token, user, account, profile }) {
        if (user && account?.provider === "credentials") token.sub = user.id;
        else if (user && account?.provider === "sso" && profile) {
          const { issuer, subject } = ssoProfile(profile, account.providerAccountId);
          token.sub = (await findSsoUser(issuer, subject)) ?? undefined;
        }
        // A sign-in (user is set only then) opens the session row the token names.
        if (user && token.sub) token.sid = await startSession(token.sub);
        return token;
      },
      session({ session, token }) {
        // The session row's id (token.sid) stays in the encrypted cookie: the server reads it
        // there (lib/auth/session.ts), the browser never needs it.
        return { ...session, userId: token.sub };
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await endSession(token.sid);
      },
    },
  };
  return options;
}
