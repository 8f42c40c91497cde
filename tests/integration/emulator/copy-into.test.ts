import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { connectSql, type SqlConnection } from "@/tests/support/emulator-client";
import { servicePrincipalToken } from "@/tests/support/emulator-principal";
import { startTestIssuer, type TestIssuer } from "@/tests/support/oidc-issuer";

let emulator: RunningEmulator;
let issuer: TestIssuer;
let admin: SqlConnection;
let sp: SqlConnection;
let appId: string;
const local = mkdtempSync(path.join(tmpdir(), "copy-into-"));
const staging = { stagingAllowedLocalPath: [local] };
const VOLUME = "/Volumes/main/analytics/deltaport_staging";

const events = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    uuid: `e-${from + i}`,
    event_type: i % 2 ? "click" : "view",
    amplitude_id: 1000 + from + i,
    event_time: new Date(Date.UTC(2026, 0, 1, 0, 0, from + i)).toISOString(),
    event_properties: JSON.stringify({ n: from + i }),
    amplitude_attribution_ids: ["a"],
  }));

function writeNdjson(name: string, rows: object[], gzip = false): string {
  const file = path.join(local, name);
  const text = rows.map((row) => JSON.stringify(row)).join("\n") + "\n";
  writeFileSync(file, gzip ? gzipSync(text) : text);
  return file;
}

const copySql = (files: string[], options = "") =>
  `COPY INTO main.analytics.events FROM (SELECT uuid, event_type, CAST(amplitude_id AS BIGINT) AS amplitude_id,
     CAST(event_time AS TIMESTAMP) AS event_time, event_properties, amplitude_attribution_ids FROM '${VOLUME}/run-1')
   FILEFORMAT = JSON FILES = (${files.map((file) => `'${file}'`).join(", ")}) ${options}`;

beforeAll(async () => {
  emulator = await startEmulator();
  issuer = await startTestIssuer();
  admin = await connectSql(emulator.facts, emulator.facts.adminToken);
  appId = emulator.facts.servicePrincipals[0]!.applicationId;
  // The grants the wizard's SQL gives a service principal.
  await admin.query(`GRANT USE CATALOG ON CATALOG main TO \`${appId}\``);
  await admin.query(`GRANT USE SCHEMA, CREATE TABLE, CREATE VOLUME ON SCHEMA main.analytics TO \`${appId}\``);
  sp = await connectSql(emulator.facts, await servicePrincipalToken(emulator, issuer, 0));
  await sp.query("CREATE VOLUME IF NOT EXISTS main.analytics.deltaport_staging");
  await sp.query(`CREATE TABLE IF NOT EXISTS main.analytics.events (uuid STRING, event_type STRING, amplitude_id BIGINT,
    event_time TIMESTAMP, event_properties STRING, amplitude_attribution_ids ARRAY<STRING>) USING DELTA`);
});
afterAll(async () => {
  await sp.close();
  await admin.close();
  await emulator.stop();
  await issuer.close();
  rmSync(local, { recursive: true, force: true });
});

describe("staging and COPY INTO", () => {
  it("PUT → COPY INTO → SELECT returns the rows; a second COPY INTO inserts 0; force inserts again", async () => {
    writeNdjson("part-00000.json.gz", events(0, 3), true);
    writeNdjson("part-00001.json.gz", events(3, 2), true);
    for (const name of ["part-00000.json.gz", "part-00001.json.gz"]) {
      await sp.query(`PUT '${path.join(local, name)}' INTO '${VOLUME}/run-1/${name}' OVERWRITE`, staging);
    }
    const listed = await sp.query(`LIST '${VOLUME}/run-1'`);
    expect(listed.map((row) => row.name)).toEqual(["part-00000.json.gz", "part-00001.json.gz"]);

    const first = await sp.query(copySql(["part-00000.json.gz", "part-00001.json.gz"]));
    expect(first).toEqual([{ num_affected_rows: 5, num_inserted_rows: 5, num_skipped_corrupt_files: 0 }]);
    const rows = await sp.query(
      "SELECT uuid, amplitude_id, event_time, amplitude_attribution_ids FROM main.analytics.events ORDER BY uuid",
    );
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual({
      uuid: "e-0",
      amplitude_id: 1000,
      event_time: "2026-01-01 00:00:00",
      amplitude_attribution_ids: ["a"],
    });

    const again = await sp.query(copySql(["part-00000.json.gz", "part-00001.json.gz"]));
    expect(again).toEqual([{ num_affected_rows: 0, num_inserted_rows: 0, num_skipped_corrupt_files: 0 }]);
    // Modified since it was loaded: still skipped, as Databricks does.
    writeNdjson("part-00000.json.gz", events(100, 4), true);
    await sp.query(
      `PUT '${path.join(local, "part-00000.json.gz")}' INTO '${VOLUME}/run-1/part-00000.json.gz' OVERWRITE`,
      staging,
    );
    expect((await sp.query(copySql(["part-00000.json.gz"])))[0]).toMatchObject({ num_inserted_rows: 0 });

    const forced = await sp.query(copySql(["part-00000.json.gz"], "COPY_OPTIONS ('force' = 'true')"));
    expect(forced[0]).toMatchObject({ num_inserted_rows: 4 });
    expect(await sp.query("SELECT count(*) AS n FROM main.analytics.events")).toEqual([{ n: 9 }]);
  });

  it("loads a file once even when two sessions COPY it at the same moment", async () => {
    await sp.query("CREATE TABLE main.analytics.raced (uuid STRING, event_type STRING) USING DELTA");
    writeNdjson("raced.json", [
      { uuid: "r1", event_type: "a" },
      { uuid: "r2", event_type: "b" },
    ]);
    await sp.query(
      `PUT '${path.join(local, "raced.json")}' INTO '${VOLUME}/raced/raced.json' OVERWRITE`,
      staging,
    );
    const other = await connectSql(emulator.facts, emulator.facts.adminToken);
    const copy = (session: SqlConnection) =>
      session.query(
        `COPY INTO main.analytics.raced FROM '${VOLUME}/raced' FILEFORMAT = JSON FILES = ('raced.json')`,
      );
    const results = await Promise.all([copy(sp), copy(other), copy(sp), copy(other)]);
    await other.close();
    expect(results.map(([row]) => Number(row!.num_inserted_rows)).sort()).toEqual([0, 0, 0, 2]);
    expect(await sp.query("SELECT count(*) AS n FROM main.analytics.raced")).toEqual([{ n: 2 }]);
  });

  it("GETs and REMOVEs staged files", async () => {
    const download = path.join(local, "downloaded.json.gz");
    await sp.query(`GET '${VOLUME}/run-1/part-00001.json.gz' TO '${download}'`, staging);
    expect(readFileSync(download).equals(readFileSync(path.join(local, "part-00001.json.gz")))).toBe(true);
    await sp.query(`REMOVE '${VOLUME}/run-1/part-00001.json.gz'`, staging);
    expect((await sp.query(`LIST '${VOLUME}/run-1'`)).map((row) => row.name)).toEqual(["part-00000.json.gz"]);
  });

  it("refuses a PUT over an existing file without OVERWRITE, and a path outside the volume", async () => {
    await expect(
      sp.query(
        `PUT '${path.join(local, "part-00000.json.gz")}' INTO '${VOLUME}/run-1/part-00000.json.gz'`,
        staging,
      ),
    ).rejects.toThrow(/FILE_ALREADY_EXISTS/);
    await expect(
      sp.query(
        `PUT '${path.join(local, "part-00000.json.gz")}' INTO '${VOLUME}/../x/f.json' OVERWRITE`,
        staging,
      ),
    ).rejects.toThrow(/leaves its volume|not a volume path/);
  });

  it("loads by path with PATTERN, and Parquet files", async () => {
    await sp.query("CREATE TABLE main.analytics.plain (uuid STRING, event_type STRING) USING DELTA");
    writeNdjson("plain-1.json", [{ uuid: "p1", event_type: "a" }]);
    writeNdjson("plain-2.json", [{ uuid: "p2", event_type: "b" }]);
    for (const name of ["plain-1.json", "plain-2.json"])
      await sp.query(`PUT '${path.join(local, name)}' INTO '${VOLUME}/plain/${name}' OVERWRITE`, staging);
    expect(
      (
        await sp.query(
          `COPY INTO main.analytics.plain FROM '${VOLUME}/plain' FILEFORMAT = JSON PATTERN = 'plain-1*'`,
        )
      )[0],
    ).toMatchObject({ num_inserted_rows: 1 });
    expect(
      (await sp.query(`COPY INTO main.analytics.plain FROM '${VOLUME}/plain' FILEFORMAT = JSON`))[0],
    ).toMatchObject({ num_inserted_rows: 1 });

    const parquet = path.join(local, "part.parquet");
    const duck = await (await DuckDBInstance.create(":memory:")).connect();
    await duck.run(
      `COPY (SELECT 'q' || range AS uuid, 'pq' AS event_type FROM range(3)) TO '${parquet}' (FORMAT PARQUET)`,
    );
    duck.closeSync();
    await sp.query(`PUT '${parquet}' INTO '${VOLUME}/pq/part.parquet' OVERWRITE`, staging);
    expect(
      (
        await sp.query(
          `COPY INTO main.analytics.plain FROM '${VOLUME}/pq' FILEFORMAT = PARQUET FILES = ('part.parquet')`,
        )
      )[0],
    ).toMatchObject({ num_inserted_rows: 3 });
    expect(await sp.query("SELECT count(*) AS n FROM main.analytics.plain")).toEqual([{ n: 5 }]);
  });

  it("fails with DELTA_FAILED_TO_MERGE_FIELDS when the file does not match the table", async () => {
    writeNdjson("mismatch.json", [
      { uuid: "m1", event_type: "x", amplitude_id: 5, event_time: "2026-01-01T00:00:00Z" },
    ]);
    await sp.query(
      `PUT '${path.join(local, "mismatch.json")}' INTO '${VOLUME}/mismatch/mismatch.json' OVERWRITE`,
      staging,
    );
    // event_time is a string in JSON: Delta will not turn it into a TIMESTAMP without a cast.
    await expect(
      sp.query(`COPY INTO main.analytics.events FROM '${VOLUME}/mismatch' FILEFORMAT = JSON`),
    ).rejects.toThrow(/\[DELTA_FAILED_TO_MERGE_FIELDS\].*event_time/s);
    writeNdjson("extra.json", [{ uuid: "x1", surprise: 1 }]);
    await sp.query(
      `PUT '${path.join(local, "extra.json")}' INTO '${VOLUME}/extra/extra.json' OVERWRITE`,
      staging,
    );
    await expect(
      sp.query(`COPY INTO main.analytics.plain FROM '${VOLUME}/extra' FILEFORMAT = JSON`),
    ).rejects.toThrow(/DELTA_FAILED_TO_MERGE_FIELDS.*surprise/s);
  });

  // A JSON field null in every row is a STRING to Spark, and STRING → ARRAY is not a legal cast:
  // https://docs.databricks.com/aws/en/sql/language-manual/functions/cast
  it("refuses to cast a STRING column of the files to an ARRAY, as Databricks does", async () => {
    writeNdjson("null-ids.json", [{ ...events(50, 1)[0], amplitude_attribution_ids: null }]);
    await sp.query(
      `PUT '${path.join(local, "null-ids.json")}' INTO '${VOLUME}/null-ids/null-ids.json' OVERWRITE`,
      staging,
    );
    await expect(
      sp.query(
        `COPY INTO main.analytics.events FROM (SELECT uuid, CAST(amplitude_attribution_ids AS ARRAY<STRING>) AS amplitude_attribution_ids FROM '${VOLUME}/null-ids') FILEFORMAT = JSON`,
      ),
    ).rejects.toThrow(/\[DATATYPE_MISMATCH\.CAST_WITHOUT_SUGGESTION\].*cannot cast "STRING" to "ARRAY"/s);
  });

  it("validates files with VALIDATE: reads and casts them, writes nothing, and loads them later", async () => {
    writeNdjson("validated.json", events(60, 2));
    await sp.query(
      `PUT '${path.join(local, "validated.json")}' INTO '${VOLUME}/run-1/validated.json' OVERWRITE`,
      staging,
    );
    const count = async () =>
      Number(
        (await sp.query("SELECT count(*) AS n FROM main.analytics.events WHERE uuid IN ('e-60', 'e-61')"))[0]!
          .n,
      );
    const validate = copySql(["validated.json"]).replace(
      "FILEFORMAT = JSON",
      "FILEFORMAT = JSON VALIDATE ALL",
    );
    await sp.query(validate);
    await sp.query(validate.replace("VALIDATE ALL", "VALIDATE 10 ROWS"));
    expect(await count()).toBe(0);
    expect((await sp.query(copySql(["validated.json"])))[0]).toMatchObject({ num_inserted_rows: 2 });
    expect(await count()).toBe(2);
  });

  it("needs READ VOLUME on the source and MODIFY on the table", async () => {
    const other = await connectSql(emulator.facts, await servicePrincipalToken(emulator, issuer, 1));
    const otherId = emulator.facts.servicePrincipals[1]!.applicationId;
    await admin.query(`GRANT USE CATALOG ON CATALOG main TO \`${otherId}\``);
    await admin.query(`GRANT USE SCHEMA ON SCHEMA main.analytics TO \`${otherId}\``);
    await expect(other.query(`LIST '${VOLUME}/run-1'`)).rejects.toThrow(
      /READ VOLUME on Volume 'main.analytics.deltaport_staging'/,
    );
    await expect(
      other.query(`PUT '${path.join(local, "plain-1.json")}' INTO '${VOLUME}/x/plain-1.json'`, staging),
    ).rejects.toThrow(/WRITE VOLUME on Volume/);
    await admin.query(`GRANT SELECT ON TABLE main.analytics.events TO \`${otherId}\``);
    await expect(other.query(copySql(["part-00000.json.gz"]))).rejects.toThrow(
      /MODIFY on Table 'main.analytics.events'/,
    );
    await other.close();
  });
});
