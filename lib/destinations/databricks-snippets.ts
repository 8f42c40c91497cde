// The code the wizard and the destination page show admins to run in Databricks: the
// federation policy CLI command, its revocation commands, and the Unity Catalog grants and
// their REVOKE. Pure functions of validated values; placeholders where a value is missing.
import { federatedSubject, federationPolicyId, workspaceAudience } from "@/lib/oidc/claims";
import { CONFIG_TABLE_KEYS, configTableName } from "@/lib/exports/config-tables";
import { transformedViewName } from "@/lib/exports/config-views";
import {
  isApplicationId,
  isNumericServicePrincipalId,
  isUnityCatalogName,
  qualifiedName,
  quoteIdentifier,
  shellQuote,
} from "@/lib/databricks/identifiers";

export const PLACEHOLDERS = {
  servicePrincipalId: "<SERVICE_PRINCIPAL_ID>",
  profile: "<your-databricks-account-profile>",
  applicationId: "<SERVICE_PRINCIPAL_APPLICATION_ID>",
  workspace: "https://<workspace-host>",
  catalog: "<catalog>",
  schema: "<schema>",
  table: "<table>",
} as const;

export type PolicyInput = {
  issuer: string;
  projectId: string;
  destinationId: string;
  /** The workspace origin (https://host[:port]) once valid. */
  workspaceOrigin?: string;
  /** The numeric service principal id as typed; used only here, never stored. */
  servicePrincipalId?: string;
  /** For issuers Databricks cannot reach: the JWKS inlined in the policy. */
  inlineJwks?: { keys: object[] };
};

/** The `oidc_policy` object the command creates: what the exchange will be checked against. */
export function federationPolicy(input: PolicyInput) {
  return {
    oidc_policy: {
      issuer: input.issuer,
      audiences: [workspaceAudience(input.workspaceOrigin ?? PLACEHOLDERS.workspace)],
      subject: federatedSubject(input.projectId, input.destinationId),
      ...(input.inlineJwks ? { jwks_json: JSON.stringify(input.inlineJwks) } : {}),
    },
  };
}

const spIdOrPlaceholder = (value?: string) =>
  value && isNumericServicePrincipalId(value) ? value : PLACEHOLDERS.servicePrincipalId;

/** `databricks account service-principal-federation-policy create …`, run with an account profile. */
export function federationPolicyCommand(input: PolicyInput): string {
  return [
    `databricks account service-principal-federation-policy create ${spIdOrPlaceholder(input.servicePrincipalId)} \\`,
    `  --policy-id ${federationPolicyId(input.destinationId)} \\`,
    `  --json ${shellQuote(JSON.stringify(federationPolicy(input)))} \\`,
    `  --profile ${PLACEHOLDERS.profile}`,
  ].join("\n");
}

/** What identifies the destination to Databricks: the workspace (the JWT's audience) and the principal. */
export type CredentialPath = { workspaceOrigin: string; clientId: string };

/** What a change of the credential path changes: the workspace (the audience), the principal. */
export function credentialPathChange(before: CredentialPath, after: CredentialPath) {
  return {
    hostChanged: before.workspaceOrigin !== after.workspaceOrigin,
    clientChanged: before.clientId.toLowerCase() !== after.clientId.toLowerCase(),
  };
}

/**
 * The commands a change of the credential path needs, or null when it changes neither the
 * workspace nor the client id. A new workspace changes the JWT's audience: the same policy on
 * the same service principal is updated (only `oidc_policy.audiences`, by its update mask). A new
 * client id is another service principal: the policy is created on it and deleted from the old.
 * https://docs.databricks.com/api/authentication/v1/update-service-principal-federation-policy
 */
export function credentialChangeCommands(
  input: Omit<PolicyInput, "workspaceOrigin" | "servicePrincipalId">,
  before: CredentialPath,
  after: CredentialPath,
): string | null {
  const { hostChanged, clientChanged } = credentialPathChange(before, after);
  const policyId = federationPolicyId(input.destinationId);
  if (clientChanged)
    return [
      `# ${after.clientId} is another service principal: create the policy on it…`,
      federationPolicyCommand({ ...input, workspaceOrigin: after.workspaceOrigin }).replace(
        PLACEHOLDERS.servicePrincipalId,
        "<NEW_SERVICE_PRINCIPAL_ID>",
      ),
      `# …and delete it from the previous one (${before.clientId}).`,
      `databricks account service-principal-federation-policy delete <OLD_SERVICE_PRINCIPAL_ID> ${policyId} \\`,
      `  --profile ${PLACEHOLDERS.profile}`,
    ].join("\n");
  if (!hostChanged) return null;
  const audiences = { oidc_policy: { audiences: [workspaceAudience(after.workspaceOrigin)] } };
  return [
    `databricks account service-principal-federation-policy update ${PLACEHOLDERS.servicePrincipalId} ${policyId} \\`,
    `  --update-mask oidc_policy.audiences \\`,
    `  --json ${shellQuote(JSON.stringify(audiences))} \\`,
    `  --profile ${PLACEHOLDERS.profile}`,
  ].join("\n");
}

/** The revocation commands: complete but for the numeric service principal id, which is never stored. */
export function revocationCommands(destinationId: string): string {
  return [
    `databricks account service-principal-federation-policy list ${PLACEHOLDERS.servicePrincipalId} \\`,
    `  --profile ${PLACEHOLDERS.profile}`,
    `databricks account service-principal-federation-policy delete ${PLACEHOLDERS.servicePrincipalId} ${federationPolicyId(destinationId)} \\`,
    `  --profile ${PLACEHOLDERS.profile}`,
  ].join("\n");
}

export type GrantsInput = {
  applicationId?: string;
  catalog?: string;
  schema?: string;
  table?: string;
  /** The merged-IDs table when it is exported (null: exported, name not valid yet). */
  mergedIdsTable?: string | null;
  /** Whether the data configuration is exported: its five tables and its views. */
  exportDataConfig?: boolean;
};

function grantTargets(input: GrantsInput) {
  const valid = (value: string | undefined, placeholder: string) =>
    value && isUnityCatalogName(value) ? value : placeholder;
  return {
    principal:
      input.applicationId && isApplicationId(input.applicationId)
        ? quoteIdentifier(input.applicationId.toLowerCase())
        : `\`${PLACEHOLDERS.applicationId}\``,
    catalog: valid(input.catalog, PLACEHOLDERS.catalog),
    schema: valid(input.schema, PLACEHOLDERS.schema),
    table: valid(input.table, PLACEHOLDERS.table),
  };
}

const quoteOrPlaceholder = (name: string) => (name.startsWith("<") ? `\`${name}\`` : quoteIdentifier(name));
const qualify = (...names: string[]) =>
  names.some((name) => name.startsWith("<"))
    ? names.map(quoteOrPlaceholder).join(".")
    : qualifiedName(...names);

/**
 * The Unity Catalog grants the export needs, run in a Databricks SQL editor; privileges:
 * https://docs.databricks.com/aws/en/data-governance/unity-catalog/manage-privileges/privileges
 */
export function grantsSql(input: GrantsInput): string {
  const t = grantTargets(input);
  return [
    `GRANT USE CATALOG ON CATALOG ${quoteOrPlaceholder(t.catalog)} TO ${t.principal};`,
    `GRANT USE SCHEMA, CREATE TABLE, CREATE VOLUME ON SCHEMA ${qualify(t.catalog, t.schema)} TO ${t.principal};`,
    `-- Only if the table already exists and the service principal does not own it:`,
    `GRANT SELECT, MODIFY ON TABLE ${qualify(t.catalog, t.schema, t.table)} TO ${t.principal};`,
    ...(input.mergedIdsTable !== undefined
      ? [
          `GRANT SELECT, MODIFY ON TABLE ${qualify(t.catalog, t.schema, input.mergedIdsTable && isUnityCatalogName(input.mergedIdsTable) ? input.mergedIdsTable : "<merged_ids_table>")} TO ${t.principal};`,
        ]
      : []),
    ...(input.exportDataConfig ? dataConfigGrants(t) : []),
  ].join("\n");
}

/**
 * The data configuration's tables (same rule as the events table: a grant only for tables that
 * exist and that the service principal does not own) and its views, which the service principal
 * creates and owns (only a view's owner may replace it); on a SQL warehouse, readers need SELECT
 * on a view (with USE CATALOG and USE SCHEMA), not on the table under it.
 * https://docs.databricks.com/aws/en/views/create-views
 */
function dataConfigGrants(t: ReturnType<typeof grantTargets>): string[] {
  const readers = "`<analysts>`";
  return [
    `-- Data configuration tables, only if they already exist and the service principal does not own them:`,
    ...CONFIG_TABLE_KEYS.map(
      (key) =>
        `GRANT SELECT, MODIFY ON TABLE ${qualify(t.catalog, t.schema, configTableName(t.table, key))} TO ${t.principal};`,
    ),
    `-- The service principal creates and owns ${transformedViewName(t.table)} and one ${t.table}_custom_<name> view per custom event.`,
    `-- To let a group that already uses the catalog and schema read them (after the first run), for example:`,
    `GRANT SELECT ON VIEW ${qualify(t.catalog, t.schema, transformedViewName(t.table))} TO ${readers};`,
  ];
}

/**
 * The REVOKE statements that cut data access. The service principal owns the table and the
 * staging volume it created, and an owner keeps every privilege on its object, so revoking
 * SELECT or MODIFY on the table changes nothing: access is cut at the schema and the catalog.
 * https://docs.databricks.com/aws/en/data-governance/unity-catalog/manage-privileges/ownership
 */
export function revokeSql(input: GrantsInput): string {
  const t = grantTargets(input);
  return [
    `-- Cuts the service principal off the schema: its table and staging volume included.`,
    `REVOKE USE SCHEMA, CREATE TABLE, CREATE VOLUME ON SCHEMA ${qualify(t.catalog, t.schema)} FROM ${t.principal};`,
    `-- Cuts it off the whole catalog (skip if it needs the catalog for something else).`,
    `REVOKE USE CATALOG ON CATALOG ${quoteOrPlaceholder(t.catalog)} FROM ${t.principal};`,
  ].join("\n");
}

/**
 * Hands the table and the staging volume to another owner (a user or group of the customer),
 * so that the service principal keeps no privilege on them even if it is granted USE again.
 * https://docs.databricks.com/aws/en/data-governance/unity-catalog/manage-privileges/ownership
 */
export function transferOwnershipSql(input: GrantsInput & { volume: string }): string {
  const t = grantTargets(input);
  const owner = "`<new-owner>`";
  const volume = isUnityCatalogName(input.volume) ? input.volume : "<volume>";
  return [
    `ALTER TABLE ${qualify(t.catalog, t.schema, t.table)} OWNER TO ${owner};`,
    `ALTER VOLUME ${qualify(t.catalog, t.schema, volume)} OWNER TO ${owner};`,
  ].join("\n");
}
