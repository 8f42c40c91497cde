// What a workspace admin does for a Deltaport destination, done against the emulator: create
// the federation policy the wizard generates, grant the service principal CAN USE on the
// warehouse, and run the wizard's grants SQL as the admin. One place for the setup that the
// export and OIDC integration tests share.
import { expect } from "vitest";
import type { RunningEmulator } from "@/emulator/index";
import { federationPolicy, grantsSql } from "@/lib/destinations/databricks-snippets";
import { issuerUrl } from "@/lib/env";
import { federationPolicyId } from "@/lib/oidc/claims";
import { connectSql } from "./emulator-client";
import {
  postFederationPolicy,
  servicePrincipal,
  setWarehousePermission,
  type ServicePrincipal,
} from "./emulator-admin";

export type DestinationAccess = {
  projectId: string;
  destinationId: string;
  /** The service principal's application id (the destination's client id). */
  clientId: string;
  /** Default: the emulator's catalog (`main`). */
  catalog?: string;
  /** Default: the emulator's schema (`analytics`). */
  schema?: string;
  /** A table that exists already: also GRANT SELECT, MODIFY on it (the grants SQL's last statement). */
  existingTable?: string;
};

/** Creates the destination's federation policy (the body and id the wizard's command uses). */
export async function createFederationPolicy(
  emulator: RunningEmulator,
  access: Pick<DestinationAccess, "projectId" | "destinationId" | "clientId">,
): Promise<{ sp: ServicePrincipal; policyId: string }> {
  const sp = servicePrincipal(emulator, access.clientId);
  const policyId = federationPolicyId(access.destinationId);
  const policy = federationPolicy({
    issuer: issuerUrl(),
    projectId: access.projectId,
    destinationId: access.destinationId,
    workspaceOrigin: emulator.facts.host,
  });
  expect((await postFederationPolicy(emulator, sp, policyId, policy)).status).toBe(200);
  return { sp, policyId };
}

/**
 * Runs the grants SQL the wizard shows, as the workspace admin: USE CATALOG and the schema
 * grants, and SELECT, MODIFY on the table only when `existingTable` names one.
 */
export async function runGrantsSql(
  emulator: RunningEmulator,
  access: Pick<DestinationAccess, "clientId" | "catalog" | "schema" | "existingTable">,
): Promise<void> {
  const statements = grantsSql({
    applicationId: access.clientId,
    catalog: access.catalog ?? emulator.facts.catalog,
    schema: access.schema ?? emulator.facts.schema,
    table: access.existingTable,
  })
    .split("\n")
    .filter((line) => !line.startsWith("--"))
    .filter((line) => access.existingTable !== undefined || !line.includes(" ON TABLE "));
  const admin = await connectSql(emulator.facts, emulator.facts.adminToken);
  try {
    for (const statement of statements) await admin.query(statement);
  } finally {
    await admin.close();
  }
}

/**
 * Everything an admin does for a destination: its federation policy, CAN USE on the warehouse
 * and the grants SQL. `canUse: false` or `grants: false` leaves that step out, for tests of
 * what is missing.
 */
export async function authorizeDestination(
  emulator: RunningEmulator,
  access: DestinationAccess,
  { canUse = true, grants = true } = {},
): Promise<{ sp: ServicePrincipal; policyId: string }> {
  const created = await createFederationPolicy(emulator, access);
  if (canUse) await setWarehousePermission(emulator, access.clientId);
  if (grants) await runGrantsSql(emulator, access);
  return created;
}
