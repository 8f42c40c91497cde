import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { connectSql, emulatorFetch } from "@/tests/support/emulator-client";
import { startTestIssuer, type TestIssuer } from "@/tests/support/oidc-issuer";

let emulator: RunningEmulator;
let issuer: TestIssuer;
let api: ReturnType<typeof emulatorFetch>;
let audience: string;
const subject = "projects/p1/destinations/d1";

const sp = () => emulator.facts.servicePrincipals[0]!;
const policies = (spId = sp().id) =>
  `/api/2.0/accounts/${emulator.facts.accountId}/servicePrincipals/${spId}/federationPolicies`;

async function exchange(jwt: string, clientId = sp().applicationId) {
  return api("/oidc/v1/token", {
    form: {
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: jwt,
      subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
      client_id: clientId,
      scope: "sql",
    },
  });
}

async function createPolicy(policyId: string, oidcPolicy: Record<string, unknown>, spId = sp().id) {
  const answer = await api(`${policies(spId)}?policy_id=${policyId}`, {
    token: emulator.facts.adminToken,
    json: { oidc_policy: oidcPolicy },
  });
  expect(answer.status).toBe(200);
}

beforeAll(async () => {
  emulator = await startEmulator();
  issuer = await startTestIssuer();
  api = emulatorFetch(emulator.facts);
  audience = `${emulator.facts.host}/oidc/v1/token`;
  await createPolicy("deltaport-d1", { issuer: issuer.url, audiences: [audience], subject });
});
afterAll(async () => {
  await emulator.stop();
  await issuer.close();
});

describe("token exchange", () => {
  it("exchanges a valid RS256 or ES256 JWT for a token the warehouse accepts, never outliving the JWT", async () => {
    for (const kid of ["rsa-1", "ec-1"]) {
      const now = Math.floor(Date.now() / 1000);
      const answer = await exchange(
        await issuer.mint({ sub: subject, aud: audience, exp: now + 300 }, { kid }),
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        token_type: "Bearer",
        scope: "sql",
        access_token: expect.any(String),
      });
      expect(answer.body.expires_in).toBeGreaterThan(290);
      expect(answer.body.expires_in).toBeLessThanOrEqual(300);
    }
    const { body } = await exchange(await issuer.mint({ sub: subject, aud: audience }));
    await api(`/api/2.0/permissions/warehouses/${emulator.facts.warehouseId}`, {
      method: "PATCH",
      token: emulator.facts.adminToken,
      json: {
        access_control_list: [{ service_principal_name: sp().applicationId, permission_level: "CAN_USE" }],
      },
    });
    const sql = await connectSql(emulator.facts, String(body.access_token));
    expect(await sql.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await sql.close();
  });

  it("says which check failed for each rejected token", async () => {
    const now = Math.floor(Date.now() / 1000);
    const stranger = await issuer.unpublishedKey("rsa-1");
    const cases: [string, Promise<string>, RegExp][] = [
      [
        "bad signature",
        issuer.mint({ sub: subject, aud: audience }, { key: stranger }),
        /signature does not verify/,
      ],
      [
        "wrong issuer",
        issuer.mint({ sub: subject, aud: audience, iss: "https://evil.example.com" }),
        /trusts the issuer 'https:\/\/evil.example.com'/,
      ],
      ["wrong audience", issuer.mint({ sub: subject, aud: "https://other.example.com" }), /audience/],
      [
        "wrong subject",
        issuer.mint({ sub: "projects/p1/destinations/other", aud: audience }),
        /sub claim 'projects\/p1\/destinations\/other' does not match/,
      ],
      [
        "expired",
        issuer.mint({ sub: subject, aud: audience, iat: now - 4000, nbf: now - 4000, exp: now - 3000 }),
        /expired/,
      ],
      ["not yet valid", issuer.mint({ sub: subject, aud: audience, nbf: now + 3600 }), /not valid yet/],
      ["no expiry", issuer.mint({ sub: subject, aud: audience }, { omitExp: true }), /exp is required/],
    ];
    for (const [label, jwt, description] of cases) {
      const answer = await exchange(await jwt);
      expect(answer.status, label).toBe(400);
      expect(answer.body, label).toMatchObject({
        error: "invalid_grant",
        error_description: expect.stringMatching(description),
      });
    }
  });

  it("rejects an unknown service principal, one without a policy, and malformed requests", async () => {
    const jwt = await issuer.mint({ sub: subject, aud: audience });
    expect(await exchange(jwt, "00000000-0000-4000-8000-000000000000")).toMatchObject({
      status: 401,
      body: { error: "invalid_client" },
    });
    const withoutPolicy = emulator.facts.servicePrincipals[2]!.applicationId;
    expect(await exchange(jwt, withoutPolicy)).toMatchObject({
      status: 400,
      body: { error: "invalid_grant", error_description: expect.stringMatching(/has no federation policy/) },
    });
    expect(await exchange("not-a-jwt")).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    const missing = await api("/oidc/v1/token", {
      form: { grant_type: "urn:ietf:params:oauth:grant-type:token-exchange", client_id: sp().applicationId },
    });
    expect(missing).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });

  it("fails once the policy is deleted, and works again once it is restored", async () => {
    const otherSubject = "projects/p1/destinations/d2";
    await createPolicy("deltaport-d2", { issuer: issuer.url, audiences: [audience], subject: otherSubject });
    const jwt = await issuer.mint({ sub: otherSubject, aud: audience });
    expect((await exchange(jwt)).status).toBe(200);
    await api(`${policies()}/deltaport-d2`, { method: "DELETE", token: emulator.facts.adminToken });
    expect(await exchange(jwt)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    await createPolicy("deltaport-d2", { issuer: issuer.url, audiences: [audience], subject: otherSubject });
    expect((await exchange(jwt)).status).toBe(200);
  });

  it("refetches the issuer's keys on an unknown kid, and caches them otherwise", async () => {
    const before = issuer.jwksFetches();
    expect((await exchange(await issuer.mint({ sub: subject, aud: audience }))).status).toBe(200);
    expect(issuer.jwksFetches()).toBe(before);
    await issuer.addKey("rsa-2", "RS256");
    expect(
      (await exchange(await issuer.mint({ sub: subject, aud: audience }, { kid: "rsa-2" }))).status,
    ).toBe(200);
    expect(issuer.jwksFetches()).toBe(before + 1);
  });

  it("verifies with an inline jwks_json instead of discovery", async () => {
    const inlineSp = emulator.facts.servicePrincipals[1]!;
    await createPolicy(
      "inline",
      {
        issuer: "https://unreachable.deltaport.example",
        audiences: [audience],
        subject,
        jwks_json: JSON.stringify(issuer.jwks()),
      },
      inlineSp.id,
    );
    const jwt = await issuer.mint({
      sub: subject,
      aud: audience,
      iss: "https://unreachable.deltaport.example",
    });
    expect((await exchange(jwt, inlineSp.applicationId)).status).toBe(200);
  });

  // Databricks answers 403 "Invalid access token." for a token it does not accept, as for a
  // missing CAN USE: https://github.com/databricks/databricks-sdk-go/issues/873
  it("answers the warehouse with 403 for a token it did not issue", async () => {
    await expect(
      connectSql(emulator.facts, "dkea-forged").then((sql) => sql.query("SELECT 1")),
    ).rejects.toThrow(/403/);
  });
});
