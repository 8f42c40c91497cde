// What a workspace or account admin does through the emulator's REST APIs, with the admin
// token: federation policies and warehouse permissions. Imports nothing from the app, so the
// emulator's own tests can use it as well as the app's.
import { expect } from "vitest";
import type { RunningEmulator } from "@/emulator/index";
import { emulatorFetch, type HttpAnswer } from "./emulator-client";

export type ServicePrincipal = RunningEmulator["facts"]["servicePrincipals"][number];

/** The emulator's service principal with this application id. */
export function servicePrincipal(emulator: RunningEmulator, applicationId: string): ServicePrincipal {
  const sp = emulator.facts.servicePrincipals.find((candidate) => candidate.applicationId === applicationId);
  if (!sp) throw new Error(`The emulator has no service principal ${applicationId}.`);
  return sp;
}

const policiesPath = (emulator: RunningEmulator, sp: ServicePrincipal) =>
  `/api/2.0/accounts/${emulator.facts.accountId}/servicePrincipals/${sp.id}/federationPolicies`;

/** POSTs a federation policy body for `sp` under `policyId`; the caller judges the answer. */
export function postFederationPolicy(
  emulator: RunningEmulator,
  sp: ServicePrincipal,
  policyId: string,
  body: unknown,
): Promise<HttpAnswer> {
  return emulatorFetch(emulator.facts)(`${policiesPath(emulator, sp)}?policy_id=${policyId}`, {
    token: emulator.facts.adminToken,
    json: body,
  });
}

/** Deletes the policy `policyId` of `sp`, as the revocation commands would. */
export async function deleteFederationPolicy(
  emulator: RunningEmulator,
  sp: ServicePrincipal,
  policyId: string,
): Promise<void> {
  const answer = await emulatorFetch(emulator.facts)(`${policiesPath(emulator, sp)}/${policyId}`, {
    method: "DELETE",
    token: emulator.facts.adminToken,
  });
  expect(answer.status).toBe(200);
}

/** Sets the service principal's permission on the warehouse (CAN_USE unless told otherwise). */
export async function setWarehousePermission(
  emulator: RunningEmulator,
  applicationId: string,
  permissionLevel = "CAN_USE",
): Promise<void> {
  const answer = await emulatorFetch(emulator.facts)(
    `/api/2.0/permissions/warehouses/${emulator.facts.warehouseId}`,
    {
      method: "PATCH",
      token: emulator.facts.adminToken,
      json: {
        access_control_list: [{ service_principal_name: applicationId, permission_level: permissionLevel }],
      },
    },
  );
  expect(answer.status).toBe(200);
}
