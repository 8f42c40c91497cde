import { AppError } from "@/lib/errors";

// Failures talking to Databricks, classified so that a run knows whether to retry and an
// admin reads what to do. Error classes and SQLSTATEs:
// https://docs.databricks.com/aws/en/error-messages/

export type DatabricksErrorCode =
  | "PERMISSION_DENIED" // the policy or a grant is missing: not retried
  | "FEDERATION_NOT_ENABLED"
  | "WAREHOUSE_ACCESS_DENIED"
  | "NOT_FOUND" // catalog, schema, table or warehouse
  | "SCHEMA_MISMATCH"
  | "INVALID_CONFIG"
  | "TRANSIENT"; // 429, 5xx, network, timeouts: retried with backoff

const RETRYABLE: Record<DatabricksErrorCode, boolean> = {
  PERMISSION_DENIED: false,
  FEDERATION_NOT_ENABLED: false,
  WAREHOUSE_ACCESS_DENIED: false,
  NOT_FOUND: false,
  SCHEMA_MISMATCH: false,
  INVALID_CONFIG: false,
  TRANSIENT: true,
};

/** An expected failure talking to Databricks: its user message says what to check. */
export class DatabricksError extends AppError<DatabricksErrorCode> {
  readonly retryable: boolean;

  constructor(
    code: DatabricksErrorCode,
    /** Plain words for the admin: what happened and what to check. */
    userMessage: string,
    /** What Databricks said, for the run record (never a token). */
    readonly detail?: string,
  ) {
    super(code, userMessage);
    this.message = `${code}: ${userMessage}${detail ? ` (${detail})` : ""}`;
    this.name = "DatabricksError";
    this.retryable = RETRYABLE[code];
  }
}

export const MESSAGES = {
  policyRejected:
    "Databricks refused Deltaport's token: the federation policy is missing, was deleted, or does not match this destination. Run the Federation Policy command again with an account profile.",
  unknownServicePrincipal:
    "Databricks does not know this service principal application_id (clientId). Check the value in Settings → Identity and access → Service principals.",
  federationNotEnabled:
    "Workload identity federation is not enabled for this workspace, or the workspace URL is wrong.",
  warehouseAccess:
    "The service principal may not use this SQL warehouse: grant it CAN USE in SQL Warehouses → your warehouse → Permissions.",
  missingGrant: "A Unity Catalog grant is missing: run the grants SQL again. Databricks said:",
  notFound:
    "The catalog, schema, table or warehouse does not exist (or was dropped). Check the Unity Catalog target. Databricks said:",
  schemaMismatch:
    "The table's columns do not match the exported events; it needs attention. Databricks said:",
  transient:
    "Databricks is temporarily unavailable (rate limit, server error, network or a starting warehouse); the run is retried.",
} as const;

const has = (text: string, ...needles: string[]) => needles.some((needle) => text.includes(needle));

/** Classifies a failure of a statement or connection through @databricks/sql. */
export function classifySqlError(error: unknown): DatabricksError {
  if (error instanceof DatabricksError) return error;
  const text = error instanceof Error ? error.message : String(error);
  // Databricks' messages span lines ("Insufficient privileges:\nUser does not have …"): one line, bounded.
  const summary = text.replace(/\s+/g, " ").trim().slice(0, 500);
  if (has(text, "INSUFFICIENT_PERMISSIONS", "PERMISSION_DENIED", "SQLSTATE: 42501")) {
    return new DatabricksError("PERMISSION_DENIED", `${MESSAGES.missingGrant} ${summary}`, summary);
  }
  if (
    has(
      text,
      "TABLE_OR_VIEW_NOT_FOUND",
      "SCHEMA_NOT_FOUND",
      "NO_SUCH_CATALOG_EXCEPTION",
      "VOLUME_NOT_FOUND",
      "42P01",
    )
  ) {
    return new DatabricksError("NOT_FOUND", `${MESSAGES.notFound} ${summary}`, summary);
  }
  if (has(text, "DELTA_FAILED_TO_MERGE_FIELDS"))
    return new DatabricksError("SCHEMA_MISMATCH", `${MESSAGES.schemaMismatch} ${summary}`, summary);
  if (/\b403\b/.test(text))
    return new DatabricksError("WAREHOUSE_ACCESS_DENIED", MESSAGES.warehouseAccess, summary);
  if (/\b401\b/.test(text)) return new DatabricksError("PERMISSION_DENIED", MESSAGES.policyRejected, summary);
  if (/\b404\b/.test(text))
    return new DatabricksError("NOT_FOUND", `${MESSAGES.notFound} ${summary}`, summary);
  return new DatabricksError("TRANSIENT", MESSAGES.transient, summary);
}
