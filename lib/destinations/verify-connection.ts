import "server-only";
import { DatabricksError, MESSAGES } from "@/lib/databricks/errors";
import { withDatabricksSession, type SqlSession } from "@/lib/databricks/sql-client";
import { forgetWorkspaceToken, workspaceToken } from "@/lib/databricks/token-provider";
import { checkWorkspaceHost } from "@/lib/databricks/workspace-host";
import { qualifiedName, quoteIdentifier } from "@/lib/databricks/identifiers";
import { describeFailure, type ConnectionCheck, type RecordCheck } from "@/lib/destinations/connection-check";
import type { CredentialInput } from "@/lib/destinations/destination-input";
import { checkLoadPath, LOAD_PATH_STEPS } from "@/lib/destinations/verify-load-path";
import type { JsonColumnType } from "@/lib/exports/event-table";
import { stagingVolumeName } from "@/lib/exports/staging-volume";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";
import type { Destination } from "@/lib/generated/prisma/client";

export type { CheckStatus, ConnectionCheck } from "@/lib/destinations/connection-check";

export type VerifyInput = CredentialInput & {
  jsonColumnType?: JsonColumnType;
  projectId: string;
  destinationId: string;
  allowedHosts: readonly string[];
};

/**
 * Verify connection: a real token exchange, a session with SELECT 1, the privileges the export
 * needs, and the load path (a test file PUT, COPY INTO … VALIDATE, REMOVE), as a checklist of
 * what passed, failed or was skipped and why. It creates the destination's staging volume if
 * missing (the first run would), and writes nothing to the table.
 */
export async function verifyConnection(input: VerifyInput): Promise<ConnectionCheck[]> {
  const checks: ConnectionCheck[] = [];
  const record: RecordCheck = (key, label, status, message) => checks.push({ key, label, status, message });
  const skipRest = (from: number) => {
    for (const [key, label] of STEPS.slice(from))
      record(key, label, "skipped", "Not checked: an earlier step failed.");
  };

  const host = checkWorkspaceHost(input.workspaceHost, input.allowedHosts);
  if (!host.ok) {
    record("host", "Workspace host", "failed", host.reason);
    skipRest(1);
    return checks;
  }
  record("host", "Workspace host", "passed", host.value.origin);

  const credential = {
    projectId: input.projectId,
    destinationId: input.destinationId,
    workspaceOrigin: host.value.origin,
    clientId: input.clientId,
  };
  try {
    // A fresh exchange: a token cached from before a policy was deleted would prove nothing.
    forgetWorkspaceToken(credential);
    await workspaceToken(credential);
    record(
      "token",
      "Token exchange (federation policy)",
      "passed",
      "Databricks accepted Deltaport's token for this service principal.",
    );
  } catch (error) {
    record("token", "Token exchange (federation policy)", "failed", describeFailure(error));
    skipRest(2);
    return checks;
  }

  const target = { ...credential, warehouseId: input.warehouseId };
  const tags = { deltaport_destination: input.destinationId, deltaport_purpose: "verify" };
  try {
    await withDatabricksSession(target, tags, async (sql) => {
      await sql.query("SELECT 1");
      record("warehouse", "SQL warehouse (CAN USE)", "passed", "SELECT 1 ran on the warehouse.");
      await checkPrivileges(sql, input, record);
    });
  } catch (error) {
    if (checks.length === 2) {
      record(
        "warehouse",
        "SQL warehouse (CAN USE)",
        "failed",
        error instanceof DatabricksError && error.code === "WAREHOUSE_ACCESS_DENIED"
          ? MESSAGES.warehouseAccess
          : describeFailure(error),
      );
      skipRest(3);
    }
  }
  return checks;
}

/**
 * The wizard verifies a destination that does not exist yet, under the id the wizard opened
 * with. An id a destination already holds is refused: with it, a caller could obtain tokens
 * through a policy that an admin installed for that destination (issue 14, item 8). A saved
 * destination is verified through verifySavedDestination, which the action scopes to the
 * caller's project.
 */
export async function requireUnusedDestinationId(destinationId: string): Promise<void> {
  const held = await db.destination.findUnique({ where: { id: destinationId }, select: { id: true } });
  if (held) throw new AppError("CONFLICT", "This destination id is taken: open the wizard again.");
}

/** Verify connection for a saved destination, with its saved credential, target and JSON column type. */
export function verifySavedDestination(destination: Destination, allowedHosts: readonly string[]) {
  return verifyConnection({
    projectId: destination.projectId,
    destinationId: destination.id,
    workspaceHost: destination.workspaceHost,
    clientId: destination.clientId,
    warehouseId: destination.warehouseId,
    catalog: destination.catalog,
    schema: destination.schema,
    table: destination.table,
    jsonColumnType: destination.jsonColumnType,
    allowedHosts,
  });
}

const STEPS: [string, string][] = [
  ["host", "Workspace host"],
  ["token", "Token exchange (federation policy)"],
  ["warehouse", "SQL warehouse (CAN USE)"],
  ["catalog", "USE CATALOG"],
  ["schema", "USE SCHEMA"],
  ["volume", "Staging volume (CREATE VOLUME)"],
  ["table", "Table (SELECT, MODIFY)"],
  ...LOAD_PATH_STEPS,
];

async function checkPrivileges(sql: SqlSession, input: VerifyInput, record: RecordCheck) {
  const attempt = async (index: number, statements: string[], passed: string): Promise<boolean> => {
    const [key, label] = STEPS[index]!;
    try {
      for (const statement of statements) await sql.query(statement);
      record(key, label, "passed", passed);
      return true;
    } catch (error) {
      record(key, label, "failed", describeFailure(error));
      for (const [laterKey, laterLabel] of STEPS.slice(index + 1))
        record(laterKey, laterLabel, "skipped", "Not checked: an earlier step failed.");
      return false;
    }
  };
  const schema = qualifiedName(input.catalog, input.schema);
  const table = qualifiedName(input.catalog, input.schema, input.table);
  if (
    !(await attempt(
      3,
      [`USE CATALOG ${quoteIdentifier(input.catalog)}`],
      `Catalog ${input.catalog} is usable.`,
    ))
  )
    return;
  if (!(await attempt(4, [`USE SCHEMA ${schema}`], `Schema ${input.catalog}.${input.schema} is usable.`)))
    return;
  const volume = qualifiedName(input.catalog, input.schema, stagingVolumeName(input.destinationId));
  if (
    !(await attempt(
      5,
      [`CREATE VOLUME IF NOT EXISTS ${volume}`],
      "The staging volume exists and belongs to the service principal.",
    ))
  )
    return;

  const exists = await sql
    .query(`DESCRIBE TABLE ${table}`)
    .then(
      () => true,
      (error: unknown) => {
        if (error instanceof DatabricksError && error.code === "NOT_FOUND") return false;
        throw error;
      },
    )
    .catch((error: unknown) => {
      record("table", "Table (SELECT, MODIFY)", "failed", describeFailure(error));
      return undefined;
    });
  if (exists === undefined) {
    for (const [key, label] of LOAD_PATH_STEPS)
      record(key, label, "skipped", "Not checked: an earlier step failed.");
    return;
  }
  if (!exists) {
    record(
      "table",
      "Table (SELECT, MODIFY)",
      "skipped",
      "The table does not exist yet: the first run creates it, which needs CREATE TABLE on the schema.",
    );
  } else if (
    // Reads nothing and writes nothing, but needs SELECT and MODIFY as the load does.
    !(await attempt(
      6,
      [`SELECT * FROM ${table} LIMIT 0`, `INSERT INTO ${table} SELECT * FROM ${table} WHERE 1 = 0`],
      "The service principal can read and write the table.",
    ))
  )
    return;
  await checkLoadPath(
    sql,
    {
      catalog: input.catalog,
      schema: input.schema,
      table: input.table,
      jsonColumnType: input.jsonColumnType ?? "STRING",
      volume: stagingVolumeName(input.destinationId),
      tableExists: exists,
    },
    record,
  );
}
