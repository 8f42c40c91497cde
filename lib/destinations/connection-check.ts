import { DatabricksError } from "@/lib/databricks/errors";

// A line of Verify connection's checklist, shared by the credential checks (verify-connection.ts)
// and the load path (verify-load-path.ts): every line is listed, passed, failed or skipped,
// with what was found or what to fix.

export type CheckStatus = "passed" | "failed" | "skipped";
export type ConnectionCheck = { key: string; label: string; status: CheckStatus; message: string };
export type RecordCheck = (key: string, label: string, status: CheckStatus, message: string) => void;

/** What a failed line says: Databricks' failure in plain words, never an unexpected error's text. */
export const describeFailure = (error: unknown) =>
  error instanceof DatabricksError ? error.userMessage : "An unexpected error occurred; see the server log.";
