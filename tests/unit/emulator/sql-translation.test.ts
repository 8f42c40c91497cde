import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutionContext } from "@/emulator/sql/context";
import { TableEngine } from "@/emulator/sql/engine";
import { executeStatement } from "@/emulator/sql/executor";
import { parameterLiteral } from "@/emulator/sql/query";
import { UnityCatalog } from "@/emulator/sql/unity-catalog";
import { ADMIN_PRINCIPAL, StateStore } from "@/emulator/state";

// A golden table of the emulator's SQL translation: the Databricks SQL a client sends, and the
// DuckDB SQL the emulator runs for it. Statements go through executeStatement (the warehouse's
// entry point) as the metastore admin, on an in-memory engine that records what it is given
// and then runs it, so that each expected translation is also SQL that DuckDB accepts.

let engine: TableEngine;
let ctx: ExecutionContext;
const recorded: string[] = [];

/** The engine statements `sql` becomes, joined with "; " (CREATE TABLE makes its schema first). */
async function translate(sql: string): Promise<string> {
  recorded.length = 0;
  await executeStatement(sql, ctx);
  return recorded.join("; ");
}

beforeAll(async () => {
  engine = await TableEngine.open(null);
  const recording = Object.create(engine) as TableEngine;
  recording.run = (sql) => {
    recorded.push(sql);
    return engine.run(sql);
  };
  recording.query = (sql) => {
    recorded.push(sql);
    return engine.query(sql);
  };
  ctx = {
    uc: new UnityCatalog(new StateStore(null)),
    engine: recording,
    session: { principal: { name: ADMIN_PRINCIPAL, isAdmin: true }, catalog: "main", schema: "analytics" },
    volumesDir: "/nonexistent",
    stagingUrls: {} as ExecutionContext["stagingUrls"],
    // Named parameters, rendered as the warehouse renders the driver's typed values.
    parameters: {
      id: parameterLiteral("STRING", "it's"),
      n: parameterLiteral("BIGINT", "42"),
      at: parameterLiteral("TIMESTAMP", "2026-11-24T00:00:00Z"),
      flag: parameterLiteral("BOOLEAN", "TRUE"),
      absent: parameterLiteral("STRING", undefined),
    },
    knownPrincipals: () => [ADMIN_PRINCIPAL],
  };
  await executeStatement(
    "CREATE TABLE main.analytics.events (uuid STRING, amplitude_id BIGINT, event_time TIMESTAMP, event_properties VARIANT, tags ARRAY<STRING>, plan STRING) USING DELTA",
    ctx,
  );
});
afterAll(() => engine.close());

const EVENTS = `"main.analytics"."events"`;

const GOLDEN: [databricks: string, duckdb: string][] = [
  // CREATE TABLE … USING DELTA: Databricks types become DuckDB's; constraints, comments and
  // table properties are accepted and dropped.
  [
    "CREATE TABLE main.analytics.t1 (a STRING, b BIGINT, c INT, d DOUBLE, e BOOLEAN, f DATE, g BINARY) USING DELTA",
    `CREATE SCHEMA IF NOT EXISTS "main.analytics"; CREATE TABLE "main.analytics"."t1" ("a" VARCHAR, "b" BIGINT, "c" INTEGER, "d" DOUBLE, "e" BOOLEAN, "f" DATE, "g" BLOB)`,
  ],
  [
    "CREATE TABLE t2 (at TIMESTAMP, ntz TIMESTAMP_NTZ, v VARIANT) USING DELTA",
    `CREATE SCHEMA IF NOT EXISTS "main.analytics"; CREATE TABLE "main.analytics"."t2" ("at" TIMESTAMP WITH TIME ZONE, "ntz" TIMESTAMP, "v" JSON)`,
  ],
  [
    "CREATE TABLE analytics.t3 (tags ARRAY<STRING>, props MAP<STRING, STRING>, amount DECIMAL(10, 2), n array < bigint >) USING DELTA",
    `CREATE SCHEMA IF NOT EXISTS "main.analytics"; CREATE TABLE "main.analytics"."t3" ("tags" VARCHAR[], "props" MAP(VARCHAR, VARCHAR), "amount" DECIMAL(10,2), "n" BIGINT[])`,
  ],
  [
    "CREATE TABLE IF NOT EXISTS `main`.`analytics`.`My Events` (\n  `uuid` STRING NOT NULL,\n  `event type` STRING COMMENT 'what happened'\n) USING DELTA TBLPROPERTIES ('delta.feature.variantType-preview' = 'supported')",
    `CREATE SCHEMA IF NOT EXISTS "main.analytics"; CREATE TABLE "main.analytics"."my events" ("uuid" VARCHAR, "event type" VARCHAR)`,
  ],
  // Adding a VARIANT column needs the variantType table feature first, which is only recorded
  // (https://docs.databricks.com/aws/en/tables/features/variant).
  ["ALTER TABLE main.analytics.t1 SET TBLPROPERTIES ('delta.feature.variantType' = 'supported')", ""],
  [
    "ALTER TABLE main.analytics.t1 ADD COLUMNS (`h` VARIANT, i TIMESTAMP)",
    `ALTER TABLE "main.analytics"."t1" ADD COLUMN "h" JSON; ALTER TABLE "main.analytics"."t1" ADD COLUMN "i" TIMESTAMP WITH TIME ZONE`,
  ],
  // Liquid clustering keys are recorded, not translated (https://docs.databricks.com/aws/en/delta/clustering).
  [
    "CREATE TABLE main.analytics.clustered (event_time TIMESTAMP, event_type STRING, p VARIANT) USING DELTA CLUSTER BY (`event_time`, event_type)",
    `CREATE SCHEMA IF NOT EXISTS "main.analytics"; CREATE TABLE "main.analytics"."clustered" ("event_time" TIMESTAMP WITH TIME ZONE, "event_type" VARCHAR, "p" JSON)`,
  ],
  // Names: one, two and three parts resolve against the session's catalog and schema; backticks
  // become DuckDB's double quotes.
  ["SELECT 1 AS one", "SELECT 1 AS one"],
  ["SELECT * FROM events", `SELECT * FROM ${EVENTS}`],
  ["SELECT * FROM analytics.events", `SELECT * FROM ${EVENTS}`],
  ["SELECT `uuid`, `plan` FROM `main`.`analytics`.`events`", `SELECT "uuid", "plan" FROM ${EVENTS}`],
  [
    "SELECT `event type` FROM `main`.`analytics`.`My Events`",
    `SELECT "event type" FROM "main.analytics"."my events"`,
  ],
  // Unity Catalog names are case-insensitive, kept in lower case (sql-ref-names); columns keep theirs.
  [
    "SELECT `Event Type` FROM MAIN.Analytics.`MY EVENTS`",
    `SELECT "Event Type" FROM "main.analytics"."my events"`,
  ],
  [
    "SELECT e.uuid FROM main.analytics.events e JOIN events f ON e.uuid = f.uuid",
    `SELECT e.uuid FROM ${EVENTS} e JOIN ${EVENTS} f ON e.uuid = f.uuid`,
  ],
  ["SELECT a.uuid FROM events a, analytics.events b", `SELECT a.uuid FROM ${EVENTS} a, ${EVENTS} b`],
  [
    "SELECT count(*) AS n FROM (SELECT uuid FROM events WHERE plan IN (SELECT plan FROM events)) t",
    `SELECT count(*) AS n FROM (SELECT uuid FROM ${EVENTS} WHERE plan IN (SELECT plan FROM ${EVENTS})) t`,
  ],
  // Casts, to mapped types, with CAST, TRY_CAST and ::.
  [
    "SELECT CAST(event_time AS STRING), TRY_CAST(uuid AS BIGINT), CAST(tags AS ARRAY<STRING>), CAST(amplitude_id AS DECIMAL(20,0)) FROM events",
    `SELECT CAST(event_time AS VARCHAR), TRY_CAST(uuid AS BIGINT), CAST(tags AS VARCHAR[]), CAST(amplitude_id AS DECIMAL(20,0)) FROM ${EVENTS}`,
  ],
  [
    "SELECT CAST(uuid AS TIMESTAMP), CAST(uuid AS TIMESTAMP_NTZ), CAST(plan AS VARIANT) FROM events",
    `SELECT CAST(uuid AS TIMESTAMP WITH TIME ZONE), CAST(uuid AS TIMESTAMP), CAST(plan AS JSON) FROM ${EVENTS}`,
  ],
  [
    "SELECT uuid::STRING, event_properties::VARIANT, amplitude_id::INT FROM events",
    `SELECT uuid::VARCHAR, event_properties::JSON, amplitude_id::INTEGER FROM ${EVENTS}`,
  ],
  // Databricks-only functions, by name in any case, and typed literals.
  [
    `SELECT PARSE_JSON('{"a":1}'), parse_json(plan), NVL(uuid, 'none'), SIZE(tags), CURRENT_TIMESTAMP(), ARRAY(1, 2) FROM events`,
    `SELECT json('{"a":1}'), json(plan), coalesce(uuid, 'none'), len(tags), now(), list_value(1, 2) FROM ${EVENTS}`,
  ],
  [
    "SELECT TIMESTAMP '2026-11-24 10:00:00', TIMESTAMP_NTZ '2026-11-24 10:00:00', DATE '2026-11-24'",
    "SELECT CAST('2026-11-24 10:00:00' AS TIMESTAMP WITH TIME ZONE), CAST('2026-11-24 10:00:00' AS TIMESTAMP), CAST('2026-11-24' AS DATE)",
  ],
  ["SELECT map('a', 1, 'b', 2)", "SELECT map(['a', 'b'], [1, 2])"],
  // String literals: Databricks' backslash escapes and double-quoted strings, re-quoted.
  [`SELECT 'it\\'s', 'back\\\\slash', "double"`, `SELECT 'it''s', 'back\\slash', 'double'`],
  // Named parameters become literals of their type.
  [
    "SELECT uuid FROM events WHERE uuid = :id AND amplitude_id > :n AND event_time >= :at AND :flag AND plan = :absent",
    `SELECT uuid FROM ${EVENTS} WHERE uuid = 'it''s' AND amplitude_id > 42 AND event_time >= CAST('2026-11-24T00:00:00Z' AS TIMESTAMPTZ) AND TRUE AND plan = NULL`,
  ],
  // INSERT: the target and its column list, then the translated body.
  [
    "INSERT INTO main.analytics.events (uuid, event_time) VALUES ('a', TIMESTAMP '2026-11-24 00:00:00')",
    `INSERT INTO ${EVENTS} ("uuid", "event_time") VALUES ('a', CAST('2026-11-24 00:00:00' AS TIMESTAMP WITH TIME ZONE))`,
  ],
  [
    "INSERT INTO events SELECT * FROM main.analytics.events WHERE uuid = :id",
    `INSERT INTO ${EVENTS} SELECT * FROM ${EVENTS} WHERE uuid = 'it''s'`,
  ],
  // UPDATE: the target (and its alias), then the translated SET and WHERE.
  [
    "UPDATE main.analytics.events SET plan = 'pro', amplitude_id = amplitude_id + 1 WHERE uuid = :id",
    `UPDATE ${EVENTS} SET plan = 'pro', amplitude_id = amplitude_id + 1 WHERE uuid = 'it''s'`,
  ],
  [
    "UPDATE events AS e SET `plan` = (e.uuid = 'x') WHERE e.uuid IN (SELECT uuid FROM main.analytics.events)",
    `UPDATE ${EVENTS} AS "e" SET "plan" = (e.uuid = 'x') WHERE e.uuid IN (SELECT uuid FROM ${EVENTS})`,
  ],
  // Comments and a final semicolon pass through.
  [
    "SELECT uuid FROM events -- why\nWHERE uuid = 'x' /* note */ ORDER BY uuid LIMIT 10;",
    `SELECT uuid FROM ${EVENTS} -- why\nWHERE uuid = 'x' /* note */ ORDER BY uuid LIMIT 10;`,
  ],
];

describe("Databricks SQL → DuckDB", () => {
  // In order: the CREATE and ALTER rows make the tables that later rows read.
  it.each(GOLDEN)("%s", async (databricks, duckdb) => {
    expect(await translate(databricks)).toBe(duckdb);
  });

  it("refuses what it cannot translate, with Databricks' error classes", async () => {
    const refused: [string, RegExp][] = [
      ["SELECT :nope", /\[PARSE_SYNTAX_ERROR\]/],
      ["SELECT CAST(uuid AS INTERVAL) FROM events", /\[UNSUPPORTED_DATATYPE\]/],
      ["CREATE TABLE t9 (a INTERVAL) USING DELTA", /\[UNSUPPORTED_DATATYPE\]/],
      ["CREATE TABLE t9 (a STRING) USING PARQUET", /use DELTA/],
      ["SELECT * FROM main.analytics.missing", /\[TABLE_OR_VIEW_NOT_FOUND\]/],
      ["SELECT 'unterminated", /\[PARSE_SYNTAX_ERROR\]/],
      [
        "ALTER TABLE main.analytics.t3 ADD COLUMNS (v VARIANT)",
        /\[DELTA_FEATURES_REQUIRE_MANUAL_ENABLEMENT\].*variantType/,
      ],
      ["CREATE TABLE t9 (a STRING) USING DELTA CLUSTER BY (b)", /\[DELTA_COLUMN_NOT_FOUND_IN_SCHEMA\]/],
      [
        "CREATE TABLE t9 (a VARIANT) USING DELTA CLUSTER BY (a)",
        /\[DELTA_CLUSTERING_COLUMNS_DATATYPE_NOT_SUPPORTED\]/,
      ],
      ["UPDATE events SET nope = 1", /\[UNRESOLVED_COLUMN\.WITHOUT_SUGGESTION\].*`nope`/],
      ["UPDATE events SET plan = 'a', nope = 1 WHERE nope = 2", /\[UNRESOLVED_COLUMN\.WITHOUT_SUGGESTION\]/],
    ];
    for (const [sql, error] of refused) {
      recorded.length = 0;
      await expect(executeStatement(sql, ctx), sql).rejects.toThrow(error);
      expect(recorded, sql).toEqual([]); // nothing reached the engine
    }
  });
});

describe("UPDATE", () => {
  it("changes the matching rows and answers how many, as Databricks does", async () => {
    await executeStatement(
      "CREATE TABLE main.analytics.snapshots (snapshot_id STRING, is_current BOOLEAN) USING DELTA",
      ctx,
    );
    await executeStatement(
      "INSERT INTO main.analytics.snapshots VALUES ('s1', TRUE), ('s2', TRUE), ('s2', TRUE)",
      ctx,
    );
    const updated = await executeStatement(
      "UPDATE main.analytics.snapshots SET is_current = (snapshot_id = 's2') WHERE is_current",
      ctx,
    );
    expect(updated.columns.map((column) => column.name)).toEqual(["num_affected_rows"]);
    expect(updated.rows).toEqual([[3]]);
    const rows = await executeStatement(
      "SELECT snapshot_id, is_current FROM main.analytics.snapshots ORDER BY snapshot_id",
      ctx,
    );
    expect(rows.rows).toEqual([
      ["s1", false],
      ["s2", true],
      ["s2", true],
    ]);
  });

  it("refuses a view", async () => {
    await executeStatement(
      "CREATE VIEW main.analytics.current_snapshots AS SELECT * FROM main.analytics.snapshots",
      ctx,
    );
    await expect(
      executeStatement("UPDATE main.analytics.current_snapshots SET is_current = FALSE", ctx),
    ).rejects.toThrow(/\[EXPECT_TABLE_NOT_VIEW\.NO_ALTERNATIVE\]/);
  });
});

describe("parameterLiteral", () => {
  it("renders each driver type as a literal, and refuses a number that is not one", () => {
    expect(parameterLiteral("STRING", "a'b")).toBe("'a''b'");
    expect(parameterLiteral(undefined, "x")).toBe("'x'");
    expect(parameterLiteral("BIGINT", "-12")).toBe("-12");
    expect(parameterLiteral("DOUBLE", "1.5e3")).toBe("1.5e3");
    expect(parameterLiteral("BOOLEAN", "false")).toBe("FALSE");
    expect(parameterLiteral("DATE", "2026-11-24")).toBe("CAST('2026-11-24' AS DATE)");
    expect(parameterLiteral("TIMESTAMP", "2026-11-24 00:00:00")).toBe(
      "CAST('2026-11-24 00:00:00' AS TIMESTAMPTZ)",
    );
    expect(parameterLiteral("INT", undefined)).toBe("NULL");
    for (const value of ["1 OR 1=1", "1; DROP TABLE x", "0x10", ""])
      expect(() => parameterLiteral("BIGINT", value), value).toThrow(/PARSE_SYNTAX_ERROR/);
  });
});
