// Gives a test a service principal that is signed in to the emulator's warehouse the way
// Deltaport will be: a federation policy, a JWT from a test issuer, a token exchange.
import { expect } from "vitest";
import type { RunningEmulator } from "@/emulator/index";
import { postFederationPolicy, setWarehousePermission } from "./emulator-admin";
import { emulatorFetch } from "./emulator-client";
import type { TestIssuer } from "./oidc-issuer";

export async function servicePrincipalToken(
  emulator: RunningEmulator,
  issuer: TestIssuer,
  index: number,
  { canUse = true } = {},
): Promise<string> {
  const { facts } = emulator;
  const sp = facts.servicePrincipals[index]!;
  const api = emulatorFetch(facts);
  const audience = `${facts.host}/oidc/v1/token`;
  const subject = `tests/sp-${index}`;
  const created = await postFederationPolicy(emulator, sp, `test-${index}`, {
    oidc_policy: { issuer: issuer.url, audiences: [audience], subject },
  });
  expect([200, 409]).toContain(created.status);
  if (canUse) await setWarehousePermission(emulator, sp.applicationId);
  const exchanged = await api("/oidc/v1/token", {
    form: {
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: await issuer.mint({ sub: subject, aud: audience }),
      subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
      client_id: sp.applicationId,
      scope: "sql",
    },
  });
  expect(exchanged.status).toBe(200);
  return String(exchanged.body.access_token);
}
