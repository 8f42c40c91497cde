import { describe, expect, it } from "vitest";
import { MESSAGES } from "@/lib/databricks/errors";
import { exchangeForWorkspaceToken } from "@/lib/databricks/token-exchange";
import type { HttpsAnswer } from "@/lib/databricks/https";

// The token endpoint is the outside world here: answers are scripted.
function scripted(...answers: (HttpsAnswer | Error)[]) {
  const calls: { url: string; form: Record<string, string> }[] = [];
  const post = async (url: string, form: Record<string, string>) => {
    calls.push({ url, form });
    const next = answers.shift();
    if (!next) throw new Error("no more answers");
    if (next instanceof Error) throw next;
    return next;
  };
  return { calls, post };
}
const json = (status: number, body: object, headers: Record<string, string> = {}): HttpsAnswer => ({
  status,
  headers,
  body: JSON.stringify(body),
});
const input = {
  workspaceOrigin: "https://dbc-1.cloud.databricks.com",
  clientId: "6f2c1b7e-1111-4222-8333-444455556666",
  jwt: "header.payload.signature",
};
const noSleep = { sleep: async () => {} };

describe("exchangeForWorkspaceToken", () => {
  it("posts the RFC 8693 form with scope sql and returns the token with its expiry", async () => {
    const { calls, post } = scripted(
      json(200, { access_token: "dapi-x", token_type: "Bearer", expires_in: 600 }),
    );
    const token = await exchangeForWorkspaceToken(input, { post, ...noSleep });
    expect(token.accessToken).toBe("dapi-x");
    expect(token.expiresAt.getTime() - Date.now()).toBeGreaterThan(590_000);
    expect(calls).toEqual([
      {
        url: "https://dbc-1.cloud.databricks.com/oidc/v1/token",
        form: {
          grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
          subject_token: "header.payload.signature",
          subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
          client_id: input.clientId,
          scope: "sql",
        },
      },
    ]);
  });

  it("retries 429, 5xx and network errors, then succeeds", async () => {
    const { calls, post } = scripted(
      json(429, {}),
      json(503, {}),
      new Error("ECONNRESET"),
      json(200, { access_token: "t", expires_in: 60 }),
    );
    const sleeps: number[] = [];
    await exchangeForWorkspaceToken(input, {
      post,
      maxAttempts: 4,
      baseDelayMs: 100,
      sleep: async (ms) => void sleeps.push(ms),
    });
    expect(calls).toHaveLength(4);
    // Full jitter: each wait lies within its exponential bound.
    sleeps.forEach((ms, i) => expect(ms).toBeLessThanOrEqual(100 * 2 ** i));
  });

  it("honours Retry-After", async () => {
    const { post } = scripted(json(429, {}, { "retry-after": "2" }), json(200, { access_token: "t" }));
    const sleeps: number[] = [];
    await exchangeForWorkspaceToken(input, { post, sleep: async (ms) => void sleeps.push(ms) });
    expect(sleeps).toEqual([2000]);
  });

  it("gives up after the last attempt with a transient error", async () => {
    const { calls, post } = scripted(json(500, {}), json(500, {}), json(500, {}));
    await expect(
      exchangeForWorkspaceToken(input, { post, maxAttempts: 3, ...noSleep }),
    ).rejects.toMatchObject({ code: "TRANSIENT", retryable: true });
    expect(calls).toHaveLength(3);
  });

  it("classifies invalid_grant and 401 as PERMISSION_DENIED, without retrying", async () => {
    for (const answer of [
      json(400, { error: "invalid_grant", error_description: "no policy" }),
      json(401, { error: "unauthorized" }),
    ]) {
      const { calls, post } = scripted(answer, json(200, { access_token: "never" }));
      await expect(exchangeForWorkspaceToken(input, { post, ...noSleep })).rejects.toMatchObject({
        code: "PERMISSION_DENIED",
        retryable: false,
        userMessage: MESSAGES.policyRejected,
      });
      expect(calls).toHaveLength(1);
    }
  });

  it("says federation is not enabled on 404, and refuses to follow a redirect", async () => {
    await expect(
      exchangeForWorkspaceToken(input, { post: scripted(json(404, {})).post, ...noSleep }),
    ).rejects.toMatchObject({ code: "FEDERATION_NOT_ENABLED" });
    const redirect: HttpsAnswer = {
      status: 302,
      headers: { location: "https://evil.example.com" },
      body: "",
    };
    await expect(
      exchangeForWorkspaceToken(input, { post: scripted(redirect).post, ...noSleep }),
    ).rejects.toMatchObject({ code: "INVALID_CONFIG" });
  });

  it("never puts the JWT or a token into its error messages", async () => {
    const { post } = scripted(json(400, { error: "invalid_grant", error_description: "bad" }));
    const error = (await exchangeForWorkspaceToken(input, { post, ...noSleep }).catch(
      (caught: Error) => caught,
    )) as Error;
    expect(error.message).not.toContain(input.jwt);
  });
});
