// The workspace token endpoint: RFC 8693 token exchange of a federated JWT for a workspace
// access token, checked against the service principal's federation policies.
import { randomBytes } from "node:crypto";
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from "jose";
import type { FederationPolicy, StateStore } from "./state.ts";
import type { Faults } from "./faults.ts";

export type OAuthAnswer = { status: number; body: Record<string, unknown> };
export type IssuedToken = { principal: string; expiresAt: number };

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";
const MAX_LIFETIME_SECONDS = 3600;
const CLOCK_SKEW_SECONDS = 60;

const oauthError = (status: number, error: string, description: string): OAuthAnswer => ({
  status,
  body: { error, error_description: description },
});

export function isLoopbackUrl(url: URL): boolean {
  return (
    ["localhost", "127.0.0.1", "[::1]", "::1"].includes(url.hostname) ||
    /^127\.\d+\.\d+\.\d+$/.test(url.hostname)
  );
}

/** Keys of an issuer, fetched over HTTPS (or HTTP on loopback) and cached until a `kid` is unknown. */
class KeyCache {
  private readonly cache = new Map<string, JSONWebKeySet>();

  async keys(url: string, refresh: boolean): Promise<JSONWebKeySet> {
    const cached = this.cache.get(url);
    if (cached && !refresh) return cached;
    const jwks = (await fetchJson(url)) as JSONWebKeySet;
    if (!Array.isArray(jwks.keys)) throw new Error(`${url} is not a JWKS`);
    this.cache.set(url, jwks);
    return jwks;
  }
}

async function fetchJson(url: string): Promise<unknown> {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && isLoopbackUrl(parsed))) {
    throw new Error(`${url} is neither https nor a loopback http URL`);
  }
  const response = await fetch(parsed, { redirect: "error", signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

export class TokenExchange {
  private readonly issued = new Map<string, IssuedToken>();
  private readonly keyCache = new KeyCache();

  constructor(
    private readonly store: StateStore,
    private readonly faults: Faults,
  ) {}

  /** Forgets every token issued so far. */
  revokeAll(): void {
    this.issued.clear();
  }

  /** The principal a bearer token stands for (issued here and not expired), if any. */
  principalOf(token: string): string | undefined {
    const issued = this.issued.get(token);
    if (!issued) return undefined;
    if (issued.expiresAt <= Date.now()) {
      this.issued.delete(token);
      return undefined;
    }
    return issued.principal;
  }

  private async jwksUrlFor(policy: FederationPolicy): Promise<string> {
    if (policy.oidc_policy.jwks_uri) return policy.oidc_policy.jwks_uri;
    const discovery = (await fetchJson(
      `${policy.oidc_policy.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
    )) as {
      issuer?: string;
      jwks_uri?: string;
    };
    if (discovery.issuer !== policy.oidc_policy.issuer)
      throw new Error(
        `the discovery document's issuer is '${discovery.issuer}', not '${policy.oidc_policy.issuer}'`,
      );
    if (!discovery.jwks_uri) throw new Error("the discovery document has no jwks_uri");
    return discovery.jwks_uri;
  }

  /** Verifies signature and times with the policy's keys; refetches remote keys once on an unknown kid. */
  private async verify(jwt: string, policy: FederationPolicy): Promise<JWTPayload> {
    const options = {
      issuer: policy.oidc_policy.issuer,
      algorithms: ["RS256", "ES256"],
      clockTolerance: CLOCK_SKEW_SECONDS,
      requiredClaims: ["exp"],
    };
    if (policy.oidc_policy.jwks_json) {
      return (
        await jwtVerify(
          jwt,
          createLocalJWKSet(JSON.parse(policy.oidc_policy.jwks_json) as JSONWebKeySet),
          options,
        )
      ).payload;
    }
    const url = await this.jwksUrlFor(policy);
    try {
      return (await jwtVerify(jwt, createLocalJWKSet(await this.keyCache.keys(url, false)), options)).payload;
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      return (await jwtVerify(jwt, createLocalJWKSet(await this.keyCache.keys(url, true)), options)).payload;
    }
  }

  async exchange(form: URLSearchParams): Promise<OAuthAnswer> {
    await this.faults.delay("tokenExchange");
    const fault = this.faults.take("tokenExchange");
    if (fault)
      return oauthError(
        fault.httpStatus ?? 503,
        "temporarily_unavailable",
        "Injected fault: the token endpoint is unavailable.",
      );

    if (form.get("grant_type") !== TOKEN_EXCHANGE)
      return oauthError(400, "unsupported_grant_type", `grant_type must be ${TOKEN_EXCHANGE}.`);
    const jwt = form.get("subject_token");
    if (!jwt) return oauthError(400, "invalid_request", "subject_token is missing.");
    if (form.get("subject_token_type") !== JWT_TYPE)
      return oauthError(400, "invalid_request", `subject_token_type must be ${JWT_TYPE}.`);
    const clientId = form.get("client_id");
    if (!clientId)
      return oauthError(
        400,
        "invalid_request",
        "client_id (the service principal's application id) is missing.",
      );
    const servicePrincipal = this.store.servicePrincipalByApplicationId(clientId);
    if (!servicePrincipal)
      return oauthError(401, "invalid_client", `No service principal has the application id ${clientId}.`);

    let claims: JWTPayload;
    try {
      const header = decodeProtectedHeader(jwt);
      if (header.alg !== "RS256" && header.alg !== "ES256")
        return oauthError(
          400,
          "invalid_grant",
          `The JWT is signed with ${header.alg}; only RS256 and ES256 are accepted.`,
        );
      claims = decodeJwt(jwt);
    } catch {
      return oauthError(400, "invalid_request", "subject_token is not a JWT.");
    }
    const policies = this.store.state.policies[servicePrincipal.id] ?? [];
    if (policies.length === 0)
      return oauthError(400, "invalid_grant", `Service principal ${clientId} has no federation policy.`);
    const trusting = policies.filter((policy) => policy.oidc_policy.issuer === claims.iss);
    if (trusting.length === 0)
      return oauthError(
        400,
        "invalid_grant",
        `No federation policy of service principal ${clientId} trusts the issuer '${String(claims.iss)}'.`,
      );

    const failures: string[] = [];
    for (const policy of trusting) {
      let payload: JWTPayload;
      try {
        payload = await this.verify(jwt, policy);
      } catch (error) {
        failures.push(describeVerificationFailure(error));
        continue;
      }
      const audiences = policy.oidc_policy.audiences?.length
        ? policy.oidc_policy.audiences
        : [this.store.state.accountId];
      const tokenAudiences = Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : [];
      if (!tokenAudiences.some((audience) => audiences.includes(audience))) {
        failures.push(
          `the audience ${JSON.stringify(payload.aud)} is not one the policy '${policy.policy_id}' accepts`,
        );
        continue;
      }
      const subjectClaim = policy.oidc_policy.subject_claim ?? "sub";
      if (payload[subjectClaim] !== policy.oidc_policy.subject) {
        failures.push(
          `the ${subjectClaim} claim '${String(payload[subjectClaim])}' does not match the policy '${policy.policy_id}'`,
        );
        continue;
      }
      const lifetime = Math.min(MAX_LIFETIME_SECONDS, (payload.exp ?? 0) - Math.floor(Date.now() / 1000));
      const accessToken = `dkea${randomBytes(24).toString("hex")}`;
      this.issued.set(accessToken, {
        principal: servicePrincipal.applicationId,
        expiresAt: Date.now() + lifetime * 1000,
      });
      return {
        status: 200,
        body: {
          access_token: accessToken,
          token_type: "Bearer",
          expires_in: lifetime,
          scope: form.get("scope") ?? "all-apis",
        },
      };
    }
    return oauthError(400, "invalid_grant", `The token was rejected: ${[...new Set(failures)].join("; ")}.`);
  }
}

function describeVerificationFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "the token has expired (exp)";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "nbf") return "the token is not valid yet (nbf)";
    if (error.claim === "iat") return "the token was issued in the future (iat)";
    if (error.claim === "exp") return "the token has no expiry (exp is required)";
    return `the ${error.claim} claim check failed: ${error.message}`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return "the signature does not verify with the issuer's keys";
  if (error instanceof errors.JWKSNoMatchingKey) return "no key of the issuer matches the token's kid";
  if (error instanceof errors.JOSEAlgNotAllowed) return "the signing algorithm is not accepted";
  return `the issuer's keys could not be used: ${error instanceof Error ? error.message : String(error)}`;
}
