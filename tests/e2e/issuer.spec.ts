import { expect, test } from "@playwright/test";

const port = Number(process.env.E2E_PORT || 3210);

test("serves the OIDC discovery document and JWKS publicly, with cache headers", async ({ request }) => {
  const discovery = await request.get("/.well-known/openid-configuration");
  expect(discovery.status()).toBe(200);
  expect(discovery.headers()["cache-control"]).toContain("max-age");
  const document = await discovery.json();
  expect(document).toMatchObject({
    issuer: `http://127.0.0.1:${port}`,
    jwks_uri: `http://127.0.0.1:${port}/.well-known/jwks.json`,
  });
  expect(document.id_token_signing_alg_values_supported).toEqual(["RS256", "ES256"]);

  const jwks = await request.get("/.well-known/jwks.json");
  expect(jwks.status()).toBe(200);
  const { keys } = await jwks.json();
  expect(keys.length).toBeGreaterThanOrEqual(1);
  for (const key of keys) {
    expect(key).toMatchObject({ kid: expect.any(String), alg: "RS256", use: "sig", kty: "RSA" });
    expect(key).not.toHaveProperty("d");
  }
});
