import "server-only";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import type { SqlSession } from "@/lib/databricks/sql-client";
import { qualifiedName } from "@/lib/databricks/identifiers";
import { describeFailure, type RecordCheck } from "@/lib/destinations/connection-check";
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

export async function checkLoadPath(
  sql: SqlSession,
  target: LoadPathTarget,
  record: RecordCheck,
): Promise<void> {
  /** Runs one step of LOAD_PATH_STEPS and records its line; false when it failed. */
  const step = async (index: number, work: () => Promise<unknown>, passed: string) => {
    const [key, label] = LOAD_PATH_STEPS[index]!;
    try {
      await work();
      record(key, label, "passed", passed);
      return true;
    } catch (error) {
      record(key, label, "failed", describeFailure(error));
      return false;
    }
  };
  const local = mkdtempSync(path.join(tmpdir(), "deltaport-verify-"));
  const name = `deltaport-verify-${Date.now()}.parquet`;
  const directory = `/Volumes/${target.catalog}/${target.schema}/${target.volume}/verify`;
  const staging = { stagingAllowedLocalPath: [local] };
  try {
    const file = path.join(local, name);
    writeFileSync(`${file}.csv`, syntheticCsvRow());
    await convertCsvToParquet(`${file}.csv`, file);
    const uploaded = await step(
      0,
      () => sql.query(`PUT '${file}' INTO '${directory}/${name}' OVERWRITE`, staging),
      "A test file reached the staging volume's storage.",
    );
    if (!uploaded) {
      for (const [key, label] of LOAD_PATH_STEPS.slice(1))
        record(key, label, "skipped", "Not checked: the upload failed.");
      return;
    }

    const scratch = `deltaport_verify_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const table = { ...target, table: target.tableExists ? target.table : scratch };
    await step(
      1,
      async () => {
        try {
          if (!target.tableExists) await sql.query(createEventTableSql(table, target.jsonColumnType));
          await sql.query(
            copyIntoSql(table, directory, [name], target.jsonColumnType, "PARQUET", { validate: true }),
          );
        } finally {
          if (!target.tableExists)
            await sql
              .query(`DROP TABLE IF EXISTS ${qualifiedName(table.catalog, table.schema, table.table)}`)
              .catch(() => {});
        }
      },
      target.tableExists
        ? "COPY INTO read and typed the file for the table, and wrote nothing."
        : "COPY INTO read and typed the file for a scratch table (the table does not exist yet), which was dropped.",
    );
    await step(2, () => sql.query(`REMOVE '${directory}/${name}'`, staging), "The test file was removed.");
  } finally {
    rmSync(local, { recursive: true, force: true });
  }
}
