import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "@/lib/db/prisma";
import { env } from "@/lib/env";
import { verifyPassword } from "@/lib/auth/password";

const Credentials = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

/** Returns the user for a correct e-mail and password, else null: never says which was wrong. */
export async function authorizeCredentials(
  input: unknown,
): Promise<{ id: string; email: string; name: string | null } | null> {
  const parsed = Credentials.safeParse(input);
  if (!parsed.success) return null;
  const user = await db.user.findUnique({ where: { email: parsed.data.email } });
  const valid = await verifyPassword(parsed.data.password, user?.passwordHash);
  if (!user || !valid) return null;
  return { id: user.id, email: user.email, name: user.name };
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

let options: NextAuthOptions | undefined;

/** next-auth configuration; built on first use so that `next build` needs no secrets. */
export function authOptions(): NextAuthOptions {
  options ??= {
    secret: env().NEXTAUTH_SECRET,
    // Credentials sign-in needs JWT sessions. The token only names the user: every request
    // re-reads the user and their role from the database (lib/auth/session.ts).
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        authorize: (credentials) => authorizeCredentials(credentials),
      }),
      ...ssoProvider(),
    ],
    callbacks: {
      // SSO signs in only people who already have a Deltaport account with that e-mail
      // (invited into an organization); it never creates users or memberships.
      async signIn({ user, account }) {
        if (account?.provider === "credentials") return true;
        if (!user.email) return false;
        return (await db.user.count({ where: { email: user.email.toLowerCase() } })) > 0;
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          const row = await db.user.findUnique({
            where: { email: (user.email ?? "").toLowerCase() },
            select: { id: true },
          });
          token.sub = row?.id;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, userId: token.sub };
      },
    },
  };
  return options;
}
