import { issuerUrl } from "@/lib/env";

/** The JWKS URL named by the discovery document. */
export function jwksUrl(issuer = issuerUrl()): string {
  return `${issuer}/.well-known/jwks.json`;
}

/** The OpenID discovery document: Databricks reads `issuer` (must equal the JWT's iss) and `jwks_uri`. */
export function openIdConfiguration(issuer = issuerUrl()) {
  return {
    issuer,
    jwks_uri: jwksUrl(issuer),
    id_token_signing_alg_values_supported: ["RS256", "ES256"],
    response_types_supported: ["id_token"],
    subject_types_supported: ["public"],
    claims_supported: ["iss", "sub", "aud", "iat", "nbf", "exp", "jti"],
  };
}
