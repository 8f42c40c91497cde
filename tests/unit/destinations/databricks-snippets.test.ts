import { describe, expect, it } from "vitest";
import {
  federationPolicy,
  federationPolicyCommand,
  grantsSql,
  PLACEHOLDERS,
  revocationCommands,
  revokeSql,
  transferOwnershipSql,
} from "@/lib/destinations/databricks-snippets";

const base = {
  issuer: "https://deltaport.example.com",
  projectId: "cproj0000000000000000001",
  destinationId: "cdest0000000000000000001",
  workspaceOrigin: "https://dbc-1234.cloud.databricks.com",
  servicePrincipalId: "123456789012345",
};

/** Runs the command's --json argument through a POSIX shell's single-quote rules. */
function jsonArgument(command: string): unknown {
  const match = /--json ('(?:[^']|'\\'')*')/.exec(command);
  expect(match).not.toBeNull();
  const word = match![1]!.slice(1, -1).replaceAll(`'\\''`, "'");
  return JSON.parse(word);
}

describe("federation policy command", () => {
  it("creates the policy for this destination with an account profile", () => {
    expect(federationPolicyCommand(base)).toBe(
      [
        "databricks account service-principal-federation-policy create 123456789012345 \\",
        "  --policy-id deltaport-cdest0000000000000000001 \\",
        `  --json '{"oidc_policy":{"issuer":"https://deltaport.example.com","audiences":["https://dbc-1234.cloud.databricks.com/oidc/v1/token"],"subject":"projects/cproj0000000000000000001/destinations/cdest0000000000000000001"}}' \\`,
        "  --profile <your-databricks-account-profile>",
      ].join("\n"),
    );
  });

  it("parses back to exactly the policy the exchange is checked against", () => {
    expect(jsonArgument(federationPolicyCommand(base))).toEqual(federationPolicy(base));
    expect(federationPolicy(base)).toEqual({
      oidc_policy: {
        issuer: base.issuer,
        audiences: ["https://dbc-1234.cloud.databricks.com/oidc/v1/token"],
        subject: "projects/cproj0000000000000000001/destinations/cdest0000000000000000001",
      },
    });
  });

  it("inlines the JWKS as a string for issuers Databricks cannot reach", () => {
    const jwks = { keys: [{ kty: "RSA", kid: "k1", n: "abc", e: "AQAB", alg: "RS256", use: "sig" }] };
    const parsed = jsonArgument(federationPolicyCommand({ ...base, inlineJwks: jwks })) as {
      oidc_policy: { jwks_json: string };
    };
    expect(typeof parsed.oidc_policy.jwks_json).toBe("string");
    expect(JSON.parse(parsed.oidc_policy.jwks_json)).toEqual(jwks);
  });

  it("shows placeholders until the values it needs are valid", () => {
    for (const servicePrincipalId of [undefined, "", "12a", "1; rm -rf /", "$(id)", "１２３"]) {
      expect(federationPolicyCommand({ ...base, servicePrincipalId })).toContain(
        `create ${PLACEHOLDERS.servicePrincipalId} \\`,
      );
    }
    expect(federationPolicyCommand({ ...base, workspaceOrigin: undefined })).toContain(
      "https://<workspace-host>/oidc/v1/token",
    );
  });

  it("keeps hostile text inside one shell word", () => {
    const hostile = "https://x.example.com/'; echo pwned; '$(id)`id`\n";
    const command = federationPolicyCommand({ ...base, issuer: hostile });
    expect((jsonArgument(command) as { oidc_policy: { issuer: string } }).oidc_policy.issuer).toBe(hostile);
    expect(command.split("\n")).toHaveLength(4); // the newline is JSON-escaped, not a new shell line
  });

  it("gives revocation commands complete but for the numeric id, which is never stored", () => {
    expect(revocationCommands(base.destinationId)).toBe(
      [
        "databricks account service-principal-federation-policy list <SERVICE_PRINCIPAL_ID> \\",
        "  --profile <your-databricks-account-profile>",
        "databricks account service-principal-federation-policy delete <SERVICE_PRINCIPAL_ID> deltaport-cdest0000000000000000001 \\",
        "  --profile <your-databricks-account-profile>",
      ].join("\n"),
    );
  });
});

describe("grants SQL", () => {
  const target = {
    applicationId: "6F2C1B7E-1111-4222-8333-444455556666",
    catalog: "main",
    schema: "analytics",
    table: "events",
  };

  it("grants what the export needs, the table grant only for an existing table", () => {
    expect(grantsSql(target)).toBe(
      [
        "GRANT USE CATALOG ON CATALOG `main` TO `6f2c1b7e-1111-4222-8333-444455556666`;",
        "GRANT USE SCHEMA, CREATE TABLE, CREATE VOLUME ON SCHEMA `main`.`analytics` TO `6f2c1b7e-1111-4222-8333-444455556666`;",
        "-- Only if the table already exists and the service principal does not own it:",
        "GRANT SELECT, MODIFY ON TABLE `main`.`analytics`.`events` TO `6f2c1b7e-1111-4222-8333-444455556666`;",
      ].join("\n"),
    );
  });

  it("covers the data configuration's five tables and gives a grant for readers of its views", () => {
    const sql = grantsSql({ ...target, exportDataConfig: true });
    for (const key of ["event_types", "properties", "categories", "transformations", "custom_events"])
      expect(sql).toContain(
        `GRANT SELECT, MODIFY ON TABLE \`main\`.\`analytics\`.\`events_cfg_${key}\` TO \`6f2c1b7e-1111-4222-8333-444455556666\`;`,
      );
    expect(sql).toContain("GRANT SELECT ON VIEW `main`.`analytics`.`events_transformed` TO `<analysts>`;");
    expect(grantsSql(target)).not.toContain("_cfg_");
  });

  it("revokes where it cuts access: the schema and the catalog, not the table the principal owns", () => {
    expect(revokeSql(target)).toBe(
      [
        "-- Cuts the service principal off the schema: its table and staging volume included.",
        "REVOKE USE SCHEMA, CREATE TABLE, CREATE VOLUME ON SCHEMA `main`.`analytics` FROM `6f2c1b7e-1111-4222-8333-444455556666`;",
        "-- Cuts it off the whole catalog (skip if it needs the catalog for something else).",
        "REVOKE USE CATALOG ON CATALOG `main` FROM `6f2c1b7e-1111-4222-8333-444455556666`;",
      ].join("\n"),
    );
    expect(revokeSql(target)).not.toMatch(/ON TABLE/);
    expect(transferOwnershipSql({ ...target, volume: "deltaport_d1" })).toBe(
      [
        "ALTER TABLE `main`.`analytics`.`events` OWNER TO `<new-owner>`;",
        "ALTER VOLUME `main`.`analytics`.`deltaport_d1` OWNER TO `<new-owner>`;",
      ].join("\n"),
    );
    expect(transferOwnershipSql({ ...target, volume: "x`; DROP" })).toContain("`<volume>`");
  });

  it("never puts an invalid name or principal into SQL", () => {
    const hostile = [
      "ev`il",
      "a; DROP TABLE x",
      "name with space",
      "a.b",
      "ｍain",
      "mаin" /* Cyrillic а */,
      "x\ny",
      "",
      "$(id)",
    ];
    for (const name of hostile) {
      const sql = grantsSql({ ...target, catalog: name, schema: name, table: name, applicationId: name });
      expect(sql).not.toContain(name || "``");
      expect(sql).toContain("`<catalog>`");
      expect(sql).toContain("`<SERVICE_PRINCIPAL_APPLICATION_ID>`");
    }
  });
});
