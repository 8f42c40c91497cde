import "server-only";
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { env, issuerUrl } from "@/lib/env";
import { federatedSubject, workspaceAudience } from "@/lib/oidc/claims";
import { activeSigningKey } from "@/lib/oidc/signing-keys";

export type FederatedJwt = { jwt: string; expiresAt: Date };

/** Mints the short-lived JWT a destination exchanges for a workspace token. */
export async function mintFederatedJwt(input: {
  projectId: string;
  destinationId: string;
  workspaceOrigin: string;
  now?: Date;
}): Promise<FederatedJwt> {
  const now = input.now ?? new Date();
  const key = await activeSigningKey(now);
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + env().JWT_LIFETIME_MINUTES * 60;
  const jwt = await new SignJWT({})
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" })
    .setIssuer(issuerUrl())
    .setSubject(federatedSubject(input.projectId, input.destinationId))
    .setAudience(workspaceAudience(input.workspaceOrigin))
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(expiresAt)
    .setJti(randomUUID())
    .sign(key.privateKey);
  return { jwt, expiresAt: new Date(expiresAt * 1000) };
}
