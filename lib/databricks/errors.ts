import { AppError } from "@/lib/errors";

// Failures talking to Databricks, classified so that a run knows whether to retry and an
// admin reads what to do. Error classes and SQLSTATEs:
// https://docs.databricks.com/aws/en/error-messages/

export type DatabricksErrorCode =
  | "PERMISSION_DENIED" // the policy or a grant is missing: not retried
  | "FEDERATION_NOT_ENABLED"
  | "WAREHOUSE_ACCESS_DENIED"
  | "STORAGE_REFUSED" // the volume's cloud storage refused a staging upload or download
  | "NOT_FOUND" // catalog, schema, table or warehouse
  | "SCHEMA_MISMATCH" // the table's columns or types do not fit the exported events
  | "INVALID_CONFIG"
  | "REJECTED" // any other error class Databricks names: the statement cannot succeed as it is
  | "UNKNOWN" // no error class: retried a bounded number of times, then the run fails
  | "TRANSIENT"; // a documented temporary condition: retried with backoff

const RETRYABLE: Record<DatabricksErrorCode, boolean> = {
  PERMISSION_DENIED: false,
  FEDERATION_NOT_ENABLED: false,
  WAREHOUSE_ACCESS_DENIED: false,
  STORAGE_REFUSED: false,
  NOT_FOUND: false,
  SCHEMA_MISMATCH: false,
  INVALID_CONFIG: false,
  REJECTED: false,
  UNKNOWN: true,
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
    "Databricks is temporarily unavailable (rate limit, a busy or starting warehouse, or the network); the run is retried.",
  rejected:
    "Databricks refused a statement of the export; retrying will not help until this is fixed. Databricks said:",
  storageRefused:
    "The staging volume's cloud storage refused the upload: check the storage account's firewall, private endpoint or VPC endpoint policy for the volume's location.",
  unknown:
    "Databricks failed in a way Deltaport does not recognise; the run was retried several times and stopped.",
} as const;

const has = (text: string, ...needles: string[]) => needles.some((needle) => text.includes(needle));

/** The error class Databricks puts first in its messages: `[DELTA_FAILED_TO_MERGE_FIELDS] …`. */
export function errorClassOf(text: string): string | null {
  return /\[([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?:\.[A-Z0-9_]+)?\]/.exec(text)?.[1] ?? null;
}

/**
 * The only failures worth retrying: temporary conditions Databricks and its driver document.
 * https://docs.databricks.com/aws/en/error-messages/error-classes (TEMPORARILY_UNAVAILABLE,
 * DELTA_CONCURRENT_APPEND and the other DELTA_CONCURRENT_* conflicts, which Delta asks to retry)
 * and the driver's own retry policy (HTTP 429 and 503 while a warehouse starts or is busy).
 */
function isTransient(text: string, errorClass: string | null): boolean {
  if (errorClass === "TEMPORARILY_UNAVAILABLE" || errorClass?.startsWith("DELTA_CONCURRENT_")) return true;
  if (/bad HTTP status code: (429|503)\b|\bHTTP error (429|503)\b/.test(text)) return true;
  return has(
    text,
    "TEMPORARILY_UNAVAILABLE",
    "has not been initialized", // a session handle on a warehouse that is still starting
    "Max retry count exceeded", // the driver gave up retrying 429/503 itself
    "Retry timeout exceeded",
    "ECONNRESET",
    "ECONNREFUSED",
    "ETIMEDOUT",
    "EAI_AGAIN",
    "socket hang up",
    "network timeout",
  );
}

/** Error classes of a table that does not fit what the export writes. */
const SCHEMA_CLASSES = new Set([
  "DELTA_FAILED_TO_MERGE_FIELDS",
  "DATATYPE_MISMATCH",
  "CAST_INVALID_INPUT",
  "UNRESOLVED_COLUMN",
  "DELTA_MISSING_COLUMN",
  "DELTA_FEATURES_REQUIRE_MANUAL_ENABLEMENT",
  "DELTA_UNSUPPORTED_FEATURES_FOR_WRITE",
  "DELTA_INVALID_CHARACTERS_IN_COLUMN_NAMES",
]);

const NOT_FOUND_CLASSES = new Set([
  "TABLE_OR_VIEW_NOT_FOUND",
  "SCHEMA_NOT_FOUND",
  "CATALOG_NOT_FOUND",
  "NO_SUCH_CATALOG_EXCEPTION",
  "VOLUME_NOT_FOUND",
  "PATH_NOT_FOUND",
]);

/** The driver's StagingError (a PUT, GET or REMOVE on a volume), told by its class's name. */
const isStagingError = (error: unknown) =>
  error instanceof Error && error.constructor.name === "StagingError";

/** Classifies a failure of a statement or connection through @databricks/sql. */
export function classifySqlError(error: unknown): DatabricksError {
  if (error instanceof DatabricksError) return error;
  const text = error instanceof Error ? error.message : String(error);
  // Databricks' messages span lines ("Insufficient privileges:\nUser does not have …"): one line, bounded.
  const summary = text.replace(/\s+/g, " ").trim().slice(0, 500);
  const errorClass = errorClassOf(text);
  if (isTransient(text, errorClass)) return new DatabricksError("TRANSIENT", MESSAGES.transient, summary);
  if (
    errorClass === "INSUFFICIENT_PERMISSIONS" ||
    errorClass === "PERMISSION_DENIED" ||
    has(text, "SQLSTATE: 42501")
  )
    return new DatabricksError("PERMISSION_DENIED", `${MESSAGES.missingGrant} ${summary}`, summary);
  if ((errorClass && NOT_FOUND_CLASSES.has(errorClass)) || has(text, "SQLSTATE: 42P01"))
    return new DatabricksError("NOT_FOUND", `${MESSAGES.notFound} ${summary}`, summary);
  if (errorClass && SCHEMA_CLASSES.has(errorClass))
    return new DatabricksError("SCHEMA_MISMATCH", `${MESSAGES.schemaMismatch} ${summary}`, summary);
  // INTERNAL_ERROR (SQLSTATE XX000) says nothing of its cause: treated as unknown, retried a few times.
  if (errorClass === "INTERNAL_ERROR" || errorClass?.startsWith("INTERNAL_ERROR_"))
    return new DatabricksError("UNKNOWN", MESSAGES.unknown, summary);
  if (errorClass) return new DatabricksError("REJECTED", `${MESSAGES.rejected} ${summary}`, summary);
  // A staging PUT or GET to the volume's presigned URL: the customer's cloud storage answered.
  // Storage services ask for 5xx to be retried (e.g. S3's InternalError and SlowDown,
  // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html); 401/403 is a
  // firewall, private endpoint or bucket policy refusing this network.
  if (isStagingError(error)) {
    if (/HTTP error 5\d\d\b/.test(text)) return new DatabricksError("TRANSIENT", MESSAGES.transient, summary);
    if (/HTTP error 40[13]\b/.test(text))
      return new DatabricksError("STORAGE_REFUSED", MESSAGES.storageRefused, summary);
  }
  if (/\b403\b/.test(text))
    return new DatabricksError("WAREHOUSE_ACCESS_DENIED", MESSAGES.warehouseAccess, summary);
  if (/\b401\b/.test(text)) return new DatabricksError("PERMISSION_DENIED", MESSAGES.policyRejected, summary);
  if (/\b404\b/.test(text))
    return new DatabricksError("NOT_FOUND", `${MESSAGES.notFound} ${summary}`, summary);
  return new DatabricksError("UNKNOWN", MESSAGES.unknown, summary);
}
