// A stand-in OIDC issuer for emulator tests: discovery and JWKS on loopback HTTP, and a
// signer for JWTs with any claims, so that each rejection of the token endpoint can be provoked.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";

type SigningKey = { kid: string; alg: "RS256" | "ES256"; privateKey: CryptoKey; publicJwk: JWK };

async function signingKey(kid: string, alg: "RS256" | "ES256"): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

export type TestIssuer = {
  url: string;
  jwks: () => { keys: JWK[] };
  /** Signs `claims` (defaults filled in) with a published key, or with `key` if given. */
  mint: (
    claims: JWTPayload,
    options?: { kid?: string; key?: SigningKey; omitExp?: boolean },
  ) => Promise<string>;
  addKey: (kid: string, alg: "RS256" | "ES256") => Promise<SigningKey>;
  unpublishedKey: (kid: string) => Promise<SigningKey>;
  jwksFetches: () => number;
  close: () => Promise<void>;
};

export async function startTestIssuer(): Promise<TestIssuer> {
  const keys: SigningKey[] = [await signingKey("rsa-1", "RS256"), await signingKey("ec-1", "ES256")];
  let fetches = 0;
  let url = "";
  const server: Server = createServer((req, res) => {
    if (req.url === "/.well-known/openid-configuration") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(
        JSON.stringify({
          issuer: url,
          jwks_uri: `${url}/jwks.json`,
          id_token_signing_alg_values_supported: ["RS256", "ES256"],
        }),
      );
    }
    if (req.url === "/jwks.json") {
      fetches++;
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ keys: keys.map((key) => key.publicJwk) }));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    jwks: () => ({ keys: keys.map((key) => key.publicJwk) }),
    async mint(claims, options = {}) {
      const key = options.key ?? keys.find((candidate) => candidate.kid === (options.kid ?? "rsa-1"))!;
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        iss: url,
        iat: now,
        nbf: now,
        ...(options.omitExp ? {} : { exp: now + 600 }),
        ...claims,
      };
      return new SignJWT(payload)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" })
        .sign(key.privateKey);
    },
    async addKey(kid, alg) {
      const key = await signingKey(kid, alg);
      keys.push(key);
      return key;
    },
    unpublishedKey: (kid) => signingKey(kid, "RS256"),
    jwksFetches: () => fetches,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
