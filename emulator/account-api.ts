// The account API for service-principal federation policies:
// /api/2.0/accounts/{accountId}/servicePrincipals/{spId}/federationPolicies[/{policyId}]
import { randomUUID } from "node:crypto";
import { isLoopbackUrl } from "./token-exchange.ts";
import type { FederationPolicy, OidcPolicy, StateStore } from "./state.ts";

export type ApiAnswer = { status: number; body: unknown };

const MAX_POLICIES_PER_SERVICE_PRINCIPAL = 20;
const POLICY_ID = /^[a-z0-9][a-z0-9\-/]{0,61}[a-z0-9]$/;
const PATH = /^\/api\/2\.0\/accounts\/([^/]+)\/servicePrincipals\/([^/]+)\/federationPolicies(?:\/(.+))?$/;

const apiError = (status: number, errorCode: string, message: string): ApiAnswer => ({
  status,
  body: { error_code: errorCode, message },
});

const OIDC_FIELDS = ["issuer", "audiences", "subject", "subject_claim", "jwks_json", "jwks_uri"] as const;

function validateOidcPolicy(input: unknown): OidcPolicy | string {
  if (!input || typeof input !== "object") return 'oidc_policy is required (nested under "oidc_policy").';
  const policy = input as Record<string, unknown>;
  if (typeof policy.issuer !== "string" || !policy.issuer) return "oidc_policy.issuer is required.";
  let issuer: URL;
  try {
    issuer = new URL(policy.issuer);
  } catch {
    return `oidc_policy.issuer '${policy.issuer}' is not a URL.`;
  }
  if (issuer.protocol !== "https:" && !(issuer.protocol === "http:" && isLoopbackUrl(issuer)))
    return "oidc_policy.issuer must be an https URL.";
  if (typeof policy.subject !== "string" || !policy.subject) return "oidc_policy.subject is required.";
  if (
    policy.audiences !== undefined &&
    (!Array.isArray(policy.audiences) || policy.audiences.some((a) => typeof a !== "string"))
  ) {
    return "oidc_policy.audiences must be a list of strings.";
  }
  if (policy.jwks_json !== undefined) {
    if (typeof policy.jwks_json !== "string") return "oidc_policy.jwks_json must be the JWKS as a string.";
    try {
      const jwks = JSON.parse(policy.jwks_json) as { keys?: unknown };
      if (!Array.isArray(jwks.keys)) return "oidc_policy.jwks_json has no keys.";
    } catch {
      return "oidc_policy.jwks_json is not valid JSON.";
    }
  }
  const result: OidcPolicy = { issuer: policy.issuer, subject: policy.subject };
  if (policy.audiences) result.audiences = policy.audiences as string[];
  for (const key of ["subject_claim", "jwks_json", "jwks_uri"] as const)
    if (typeof policy[key] === "string") result[key] = policy[key];
  return result;
}

/** Answers an account API request; `isAdmin` says whether the bearer token is the account admin's. */
export function handleAccountApi(
  store: StateStore,
  method: string,
  url: URL,
  body: unknown,
  isAdmin: boolean,
): ApiAnswer {
  const match = PATH.exec(url.pathname);
  if (!match) return apiError(404, "ENDPOINT_NOT_FOUND", `No API found for '${method} ${url.pathname}'.`);
  if (!isAdmin)
    return apiError(
      401,
      "UNAUTHENTICATED",
      "Credential was not sent or was of an unsupported type for this API. An account admin's token is required.",
    );
  const [, accountId, spId, policyId] = match;
  if (accountId !== store.state.accountId)
    return apiError(404, "RESOURCE_DOES_NOT_EXIST", `Account ${accountId} does not exist.`);
  if (!/^\d+$/.test(spId!))
    return apiError(400, "INVALID_PARAMETER_VALUE", `Service principal id '${spId}' is not a number.`);
  if (!store.servicePrincipalById(spId!))
    return apiError(404, "RESOURCE_DOES_NOT_EXIST", `Service principal ${spId} does not exist.`);
  const policies = (store.state.policies[spId!] ??= []);

  if (policyId === undefined && method === "GET") return { status: 200, body: { policies } };
  if (policyId === undefined && method === "POST") {
    const requestedId = url.searchParams.get("policy_id") ?? undefined;
    if (requestedId !== undefined && !POLICY_ID.test(requestedId)) {
      return apiError(
        400,
        "INVALID_PARAMETER_VALUE",
        "policy_id must be 2 to 63 characters of lowercase letters, digits, '-' and '/'.",
      );
    }
    const oidcPolicy = validateOidcPolicy((body as { oidc_policy?: unknown } | null)?.oidc_policy);
    if (typeof oidcPolicy === "string") return apiError(400, "INVALID_PARAMETER_VALUE", oidcPolicy);
    if (policies.length >= MAX_POLICIES_PER_SERVICE_PRINCIPAL) {
      return apiError(
        400,
        "RESOURCE_LIMIT_EXCEEDED",
        `A service principal can have at most ${MAX_POLICIES_PER_SERVICE_PRINCIPAL} federation policies.`,
      );
    }
    const id = requestedId ?? randomUUID().replaceAll("-", "").slice(0, 20);
    if (policies.some((policy) => policy.policy_id === id))
      return apiError(409, "RESOURCE_ALREADY_EXISTS", `Federation policy ${id} already exists.`);
    const now = new Date().toISOString();
    const policy: FederationPolicy = {
      name: `accounts/${accountId}/servicePrincipals/${spId}/federationPolicies/${id}`,
      uid: randomUUID(),
      policy_id: id,
      service_principal_id: Number(spId),
      oidc_policy: oidcPolicy,
      create_time: now,
      update_time: now,
    };
    const description = (body as { description?: unknown }).description;
    if (typeof description === "string") policy.description = description;
    policies.push(policy);
    store.save();
    return { status: 200, body: policy };
  }
  if (policyId !== undefined) {
    const policy = policies.find((candidate) => candidate.policy_id === policyId);
    if (!policy)
      return apiError(404, "RESOURCE_DOES_NOT_EXIST", `Federation policy ${policyId} does not exist.`);
    if (method === "GET") return { status: 200, body: policy };
    if (method === "DELETE") {
      store.state.policies[spId!] = policies.filter((candidate) => candidate !== policy);
      store.save();
      return { status: 200, body: {} };
    }
    if (method === "PATCH") return updatePolicy(store, policy, url, body);
  }
  return apiError(405, "METHOD_NOT_ALLOWED", `${method} is not supported here.`);
}

/**
 * PATCH …/federationPolicies/{policy_id}?update_mask=…: the fields the mask names are taken
 * from the body (the whole policy with `*`, every field the body sets without a mask).
 * https://docs.databricks.com/api/authentication/v1/update-service-principal-federation-policy
 */
function updatePolicy(store: StateStore, policy: FederationPolicy, url: URL, body: unknown): ApiAnswer {
  const sent = ((body as { policy?: unknown } | null)?.policy ?? body ?? {}) as {
    oidc_policy?: Record<string, unknown>;
    description?: unknown;
  };
  const mask = url.searchParams.get("update_mask");
  const fields = mask ? mask.split(",") : ["*"];
  const known = ["*", "description", "oidc_policy", ...OIDC_FIELDS.map((field) => `oidc_policy.${field}`)];
  const unknown = fields.find((field) => !known.includes(field));
  if (unknown)
    return apiError(400, "INVALID_PARAMETER_VALUE", `update_mask names an unknown field: ${unknown}.`);
  let oidc: Record<string, unknown> = { ...policy.oidc_policy };
  if (fields.includes("*") || fields.includes("oidc_policy")) oidc = { ...(sent.oidc_policy ?? {}) };
  for (const field of fields) {
    const name = /^oidc_policy\.(.+)$/.exec(field)?.[1];
    if (name) oidc[name] = sent.oidc_policy?.[name];
  }
  const validated = validateOidcPolicy(oidc);
  if (typeof validated === "string") return apiError(400, "INVALID_PARAMETER_VALUE", validated);
  policy.oidc_policy = validated;
  if ((fields.includes("*") || fields.includes("description")) && typeof sent.description === "string")
    policy.description = sent.description;
  policy.update_time = new Date().toISOString();
  store.save();
  return { status: 200, body: policy };
}
