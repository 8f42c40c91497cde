import "server-only";
import { env } from "@/lib/env";

/**
 * The portal's public origin, for links sent by e-mail or shown to copy (invitations, password
 * resets). From the configuration, never from the request's Host header, which a sender could
 * set to their own site to harvest the tokens of links mailed on its behalf.
 */
export function portalOrigin(): string {
  const { NEXTAUTH_URL, VERCEL_URL } = env();
  if (NEXTAUTH_URL) return new URL(NEXTAUTH_URL).origin;
  if (VERCEL_URL) return `https://${VERCEL_URL}`;
  return "http://localhost:3000";
}
