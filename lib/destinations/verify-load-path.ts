import "server-only";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { DatabricksError } from "@/lib/databricks/errors";
import type { SqlSession } from "@/lib/databricks/sql-client";
import { qualifiedName } from "@/lib/databricks/identifiers";
import { EXPORTED_COLUMNS, type ColumnKind } from "@/lib/events/event-columns";
import { convertCsvToParquet } from "@/lib/exports/csv-to-parquet";
import { copyIntoSql, createEventTableSql, type JsonColumnType } from "@/lib/exports/event-table";

// The part of Verify connection that network policy blocks most often: a real upload to the
// staging volume (the PUT goes to the volume's cloud storage through a presigned URL), a
// COPY INTO … VALIDATE of that file, which reads and casts it as a run would and writes
// nothing, and its REMOVE. The file is one synthetic event written by the export's own Parquet
// writer. https://docs.databricks.com/aws/en/sql/language-manual/delta-copy-into (VALIDATE)

export type LoadPathTarget = {
  catalog: string;
  schema: string;
  table: string;
  jsonColumnType: JsonColumnType;
  volume: string;
  /** Whether the target table exists; if not, a scratch table stands in and is dropped. */
  tableExists: boolean;
};
type RecordCheck = (
  key: string,
  label: string,
  status: "passed" | "failed" | "skipped",
  message: string,
) => void;

export const LOAD_PATH_STEPS: [string, string][] = [
  ["upload", "Upload to the staging volume (PUT)"],
  ["copy", "COPY INTO (validate)"],
  ["remove", "Remove the test file (REMOVE)"],
];

/** One CSV row as window-csv.ts writes it: txid and id, then every exported column. */
function syntheticCsvRow(): string {
  const now = new Date().toISOString().replace("T", " ").replace("Z", "+00");
  const value: Record<ColumnKind, string> = {
    string: "",
    uuid: randomUUID(),
    timestamp: now,
    bigint: "0",
    double: "0",
    json: '"{}"',
    "string-array": '"[]"',
  };
  const columns = EXPORTED_COLUMNS.map((c) => (c.name === "event_type" ? "deltaport_verify" : value[c.kind]));
  return `0,0,${columns.join(",")}\n`;
}

const describe = (error: unknown) =>
  error instanceof DatabricksError ? error.userMessage : "An unexpected error occurred; see the server log.";

export async function checkLoadPath(
  sql: SqlSession,
  target: LoadPathTarget,
  record: RecordCheck,
): Promise<void> {
  const skipFrom = (index: number, reason: string) => {
    for (const [key, label] of LOAD_PATH_STEPS.slice(index)) record(key, label, "skipped", reason);
  };
  const local = mkdtempSync(path.join(tmpdir(), "deltaport-verify-"));
  const name = `deltaport-verify-${Date.now()}.parquet`;
  const directory = `/Volumes/${target.catalog}/${target.schema}/${target.volume}/verify`;
  try {
    const file = path.join(local, name);
    writeFileSync(`${file}.csv`, syntheticCsvRow());
    await convertCsvToParquet(`${file}.csv`, file);
    try {
      await sql.query(`PUT '${file}' INTO '${directory}/${name}' OVERWRITE`, {
        stagingAllowedLocalPath: [local],
      });
      record("upload", LOAD_PATH_STEPS[0]![1], "passed", "A test file reached the staging volume's storage.");
    } catch (error) {
      record("upload", LOAD_PATH_STEPS[0]![1], "failed", describe(error));
      skipFrom(1, "Not checked: the upload failed.");
      return;
    }

    const scratch = `deltaport_verify_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const table = {
      catalog: target.catalog,
      schema: target.schema,
      table: target.tableExists ? target.table : scratch,
    };
    try {
      if (!target.tableExists) await sql.query(createEventTableSql(table, target.jsonColumnType));
      await sql.query(
        copyIntoSql(table, directory, [name], target.jsonColumnType, "PARQUET", { validate: true }),
      );
      record(
        "copy",
        LOAD_PATH_STEPS[1]![1],
        "passed",
        target.tableExists
          ? "COPY INTO read and typed the file for the table, and wrote nothing."
          : "COPY INTO read and typed the file for a scratch table (the table does not exist yet), which was dropped.",
      );
    } catch (error) {
      record("copy", LOAD_PATH_STEPS[1]![1], "failed", describe(error));
    } finally {
      if (!target.tableExists)
        await sql
          .query(`DROP TABLE IF EXISTS ${qualifiedName(table.catalog, table.schema, table.table)}`)
          .catch(() => {});
    }

    try {
      await sql.query(`REMOVE '${directory}/${name}'`, { stagingAllowedLocalPath: [local] });
      record("remove", LOAD_PATH_STEPS[2]![1], "passed", "The test file was removed.");
    } catch (error) {
      record("remove", LOAD_PATH_STEPS[2]![1], "failed", describe(error));
    }
  } finally {
    rmSync(local, { recursive: true, force: true });
  }
}
