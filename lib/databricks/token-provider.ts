import "server-only";
import { auth, type ITokenProvider } from "@databricks/sql";
import { DatabricksError } from "@/lib/databricks/errors";
import { exchangeForWorkspaceToken, type WorkspaceToken } from "@/lib/databricks/token-exchange";
import { mintFederatedJwt } from "@/lib/oidc/mint";

export type FederatedCredential = {
  projectId: string;
  destinationId: string;
  workspaceOrigin: string;
  clientId: string;
};

// Workspace tokens by credential, in this process's memory only; refreshed 5 minutes before expiry.
const REFRESH_BEFORE_MS = 5 * 60_000;
const cache = new Map<string, Promise<WorkspaceToken>>();
// The project is part of the key: a token is minted for one project's destination (its JWT
// subject names both), and must never serve another's.
const keyOf = (c: FederatedCredential) =>
  `${c.projectId}|${c.destinationId}|${c.clientId}|${c.workspaceOrigin}`;

/** A workspace token for the credential: cached, or minted and exchanged now. */
export async function workspaceToken(credential: FederatedCredential): Promise<WorkspaceToken> {
  const key = keyOf(credential);
  const cached = cache.get(key);
  if (cached) {
    const token = await cached.catch(() => undefined);
    if (token && token.expiresAt.getTime() - Date.now() > REFRESH_BEFORE_MS) return token;
    if (cache.get(key) === cached) cache.delete(key);
  }
  const fresh = (async () => {
    const { jwt } = await mintFederatedJwt(credential);
    return exchangeForWorkspaceToken({
      workspaceOrigin: credential.workspaceOrigin,
      clientId: credential.clientId,
      jwt,
    });
  })();
  cache.set(key, fresh);
  fresh.catch(() => {
    if (cache.get(key) === fresh) cache.delete(key);
  });
  return fresh;
}

/** Forgets a credential's token, e.g. after Databricks rejected it (revoked policy or grant). */
export function forgetWorkspaceToken(credential: FederatedCredential): void {
  cache.delete(keyOf(credential));
}

/** The token provider that @databricks/sql calls (authType 'token-provider'); never the driver's own federation. */
export class FederatedTokenProvider implements ITokenProvider {
  /** Why the last getToken failed, kept because the driver re-wraps what it throws. */
  failure: DatabricksError | undefined;

  constructor(private readonly credential: FederatedCredential) {}

  async getToken() {
    try {
      const token = await workspaceToken(this.credential);
      this.failure = undefined;
      return new auth.Token(token.accessToken, { expiresAt: token.expiresAt });
    } catch (error) {
      if (error instanceof DatabricksError) {
        this.failure = error;
        if (error.code === "PERMISSION_DENIED") forgetWorkspaceToken(this.credential);
      }
      throw error;
    }
  }

  getName(): string {
    return "DeltaportFederatedTokenProvider";
  }
}
