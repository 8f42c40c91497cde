import "server-only";
import { DatabricksError, MESSAGES } from "@/lib/databricks/errors";
import { httpsPostForm, type HttpsAnswer } from "@/lib/databricks/https";

// RFC 8693 token exchange at the workspace's token endpoint,
// https://docs.databricks.com/aws/en/dev-tools/auth/oauth-federation-exchange. The access token
// it returns lives in memory only: never logged, stored, or put in a job's step result.

export type WorkspaceToken = { accessToken: string; expiresAt: Date };

export type ExchangeOptions = {
  maxAttempts?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
  /** The HTTP transport (the outside world); replaced only in unit tests. */
  post?: (url: string, form: Record<string, string>, timeoutMs: number) => Promise<HttpsAnswer>;
  sleep?: (ms: number) => Promise<void>;
};

type OAuthError = { error?: string; error_description?: string };

function parse(body: string): Record<string, unknown> {
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** What an unsuccessful answer means; TRANSIENT ones are retried. */
function classifyAnswer(answer: HttpsAnswer): DatabricksError {
  const { error, error_description: description } = parse(answer.body) as OAuthError;
  const detail = `HTTP ${answer.status}${error ? ` ${error}` : ""}${description ? `: ${description.slice(0, 300)}` : ""}`;
  if (answer.status === 429 || answer.status >= 500)
    return new DatabricksError("TRANSIENT", MESSAGES.transient, detail);
  if (error === "invalid_client")
    return new DatabricksError("PERMISSION_DENIED", MESSAGES.unknownServicePrincipal, detail);
  if (error === "invalid_grant" || answer.status === 401)
    return new DatabricksError("PERMISSION_DENIED", MESSAGES.policyRejected, detail);
  if (answer.status === 404)
    return new DatabricksError("FEDERATION_NOT_ENABLED", MESSAGES.federationNotEnabled, detail);
  if (answer.status >= 300 && answer.status < 400) {
    return new DatabricksError(
      "INVALID_CONFIG",
      "The workspace answered with a redirect, which Deltaport does not follow. Check the workspace URL.",
      detail,
    );
  }
  return new DatabricksError(
    "INVALID_CONFIG",
    `Databricks rejected the token request (${detail}). Check the workspace URL and clientId.`,
    detail,
  );
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Exchanges a federated JWT for a workspace access token, retrying transient failures with backoff and jitter. */
export async function exchangeForWorkspaceToken(
  input: { workspaceOrigin: string; clientId: string; jwt: string },
  options: ExchangeOptions = {},
): Promise<WorkspaceToken> {
  const {
    maxAttempts = 4,
    baseDelayMs = 500,
    timeoutMs = 10_000,
    post = httpsPostForm,
    sleep = defaultSleep,
  } = options;
  const form = {
    grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
    subject_token: input.jwt,
    subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
    client_id: input.clientId,
    scope: "sql",
  };
  let lastError: DatabricksError | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    let retryAfterMs: number | undefined;
    try {
      const answer = await post(`${input.workspaceOrigin}/oidc/v1/token`, form, timeoutMs);
      if (answer.status === 200) {
        const body = parse(answer.body);
        if (typeof body.access_token !== "string" || !body.access_token) {
          throw new DatabricksError(
            "TRANSIENT",
            MESSAGES.transient,
            "the token endpoint answered 200 without an access_token",
          );
        }
        const expiresIn = typeof body.expires_in === "number" ? body.expires_in : 3600;
        return { accessToken: body.access_token, expiresAt: new Date(Date.now() + expiresIn * 1000) };
      }
      lastError = classifyAnswer(answer);
      const retryAfter = Number(answer.headers["retry-after"]);
      if (Number.isFinite(retryAfter) && retryAfter > 0) retryAfterMs = Math.min(retryAfter * 1000, 30_000);
    } catch (error) {
      lastError =
        error instanceof DatabricksError
          ? error
          : new DatabricksError(
              "TRANSIENT",
              MESSAGES.transient,
              error instanceof Error ? error.message : String(error),
            );
    }
    if (!lastError.retryable || attempt === maxAttempts) break;
    // Exponential backoff with full jitter, so that many destinations do not retry in step.
    await sleep(retryAfterMs ?? Math.random() * baseDelayMs * 2 ** (attempt - 1));
  }
  throw lastError!;
}
