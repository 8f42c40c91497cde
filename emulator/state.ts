// Everything the emulated account and workspace know, kept as one JSON document so that a
// standalone emulator survives a restart. Table rows live in DuckDB (see sql/engine.ts).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import path from "node:path";

/** The metastore admin's principal name (the account admin whose token tests get). */
export const ADMIN_PRINCIPAL = "admin@emulator.databricks.test";

export type Grants = Record<string, string[]>;
export type Securable = { owner: string; grants: Grants };
export type Column = { name: string; type: string };
export type Table = Securable & {
  columns: Column[];
  loadedFiles: string[];
  createdAt: string;
  /** Delta table features turned on (e.g. variantType), and the liquid clustering columns. */
  features?: string[];
  clusterBy?: string[];
  /** A view (CREATE VIEW): read like a table, never loaded into. */
  view?: boolean;
};
export type Volume = Securable;
export type Schema = Securable & { tables: Record<string, Table>; volumes: Record<string, Volume> };
export type Catalog = Securable & { schemas: Record<string, Schema> };

export type ServicePrincipal = { id: string; applicationId: string; displayName: string };

export type OidcPolicy = {
  issuer: string;
  audiences?: string[];
  subject: string;
  subject_claim?: string;
  jwks_json?: string;
  jwks_uri?: string;
};

export type FederationPolicy = {
  name: string;
  uid: string;
  policy_id: string;
  service_principal_id: number;
  description?: string;
  oidc_policy: OidcPolicy;
  create_time: string;
  update_time: string;
};

export type EmulatorState = {
  accountId: string;
  workspaceId: string;
  warehouseId: string;
  adminToken: string;
  servicePrincipals: ServicePrincipal[];
  /** Federation policies by numeric service principal id. */
  policies: Record<string, FederationPolicy[]>;
  /** Warehouse permission level by principal (application id). */
  warehousePermissions: Record<string, string>;
  catalogs: Record<string, Catalog>;
};

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
/** A numeric id of `digits` digits, as a string: real account ids are int64. */
// Below 2^53, so that JSON readers in JavaScript keep them exact.
const numericId = (digits: number) =>
  String(randomInt(1, 9)) + Array.from({ length: digits - 1 }, () => randomInt(0, 10)).join("");

function seedState(): EmulatorState {
  const servicePrincipals = ["deltaport-export", "deltaport-export-2", "other-integration"].map(
    (displayName) => ({
      id: numericId(16),
      applicationId: randomUUID(),
      displayName,
    }),
  );
  const owner = ADMIN_PRINCIPAL;
  return {
    accountId: randomUUID(),
    workspaceId: numericId(16),
    warehouseId: hex(8),
    adminToken: `dapi${hex(16)}`,
    servicePrincipals,
    policies: {},
    warehousePermissions: {},
    catalogs: {
      main: { owner, grants: {}, schemas: { analytics: { owner, grants: {}, tables: {}, volumes: {} } } },
    },
  };
}

/** The state and its persistence: `save()` after each change (a no-op when ephemeral). */
export class StateStore {
  readonly state: EmulatorState;

  constructor(private readonly file: string | null) {
    this.state =
      file && existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as EmulatorState) : seedState();
    this.save();
  }

  save(): void {
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.state, null, 2), { mode: 0o600 });
    renameSync(temporary, this.file);
  }

  servicePrincipalById(id: string): ServicePrincipal | undefined {
    return this.state.servicePrincipals.find((sp) => sp.id === id);
  }

  servicePrincipalByApplicationId(applicationId: string): ServicePrincipal | undefined {
    return this.state.servicePrincipals.find((sp) => sp.applicationId === applicationId);
  }
}
