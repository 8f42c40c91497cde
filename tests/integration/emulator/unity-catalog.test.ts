import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { connectSql, emulatorFetch, type SqlConnection } from "@/tests/support/emulator-client";
import { servicePrincipalToken } from "@/tests/support/emulator-principal";
import { startTestIssuer, type TestIssuer } from "@/tests/support/oidc-issuer";

let emulator: RunningEmulator;
let issuer: TestIssuer;
let admin: SqlConnection;
let sp: SqlConnection;
let appId: string;

beforeAll(async () => {
  emulator = await startEmulator();
  issuer = await startTestIssuer();
  admin = await connectSql(emulator.facts, emulator.facts.adminToken);
  sp = await connectSql(emulator.facts, await servicePrincipalToken(emulator, issuer, 0));
  appId = emulator.facts.servicePrincipals[0]!.applicationId;
});
afterAll(async () => {
  await sp.close();
  await admin.close();
  await emulator.stop();
  await issuer.close();
});

const grant = (sql: string) => admin.query(sql.replaceAll("<sp>", `\`${appId}\``));

describe("the warehouse", () => {
  it("refuses a principal without CAN_USE on it", async () => {
    const token = await servicePrincipalToken(emulator, issuer, 1, { canUse: false });
    await expect(connectSql(emulator.facts, token).then((c) => c.query("SELECT 1"))).rejects.toThrow(/403/);
  });
});

describe("Unity Catalog privileges", () => {
  it("names each missing privilege, in the order Databricks checks them", async () => {
    await admin.query("CREATE TABLE main.analytics.admin_table (id BIGINT) USING DELTA");
    await expect(sp.query("SELECT * FROM main.analytics.admin_table")).rejects.toThrow(
      /\[INSUFFICIENT_PERMISSIONS\].*User does not have USE CATALOG on Catalog 'main'.*SQLSTATE: 42501/s,
    );
    await grant("GRANT USE CATALOG ON CATALOG main TO <sp>");
    await expect(sp.query("SELECT * FROM main.analytics.admin_table")).rejects.toThrow(
      /USE SCHEMA on Schema 'main.analytics'/,
    );
    await grant("GRANT USE SCHEMA ON SCHEMA main.analytics TO <sp>");
    await expect(sp.query("SELECT * FROM main.analytics.admin_table")).rejects.toThrow(
      /SELECT on Table 'main.analytics.admin_table'/,
    );
    await expect(sp.query("INSERT INTO main.analytics.admin_table VALUES (1)")).rejects.toThrow(
      /MODIFY on Table 'main.analytics.admin_table'/,
    );
    await expect(sp.query("CREATE TABLE main.analytics.sp_table (id BIGINT)")).rejects.toThrow(
      /CREATE TABLE on Schema 'main.analytics'/,
    );
    await expect(sp.query("CREATE VOLUME main.analytics.sp_volume")).rejects.toThrow(
      /CREATE VOLUME on Schema 'main.analytics'/,
    );
    await expect(sp.query("CREATE CATALOG other")).rejects.toThrow(/INSUFFICIENT_PERMISSIONS/);

    await grant("GRANT SELECT, MODIFY ON TABLE main.analytics.admin_table TO <sp>");
    await sp.query("INSERT INTO main.analytics.admin_table VALUES (1)");
    expect(await sp.query("SELECT id FROM main.analytics.admin_table")).toEqual([{ id: 1 }]);
    expect(await admin.query(`SHOW GRANTS \`${appId}\` ON TABLE main.analytics.admin_table`)).toEqual([
      {
        Principal: appId,
        ActionType: "SELECT",
        ObjectType: "TABLE",
        ObjectKey: "main.analytics.admin_table",
      },
      {
        Principal: appId,
        ActionType: "MODIFY",
        ObjectType: "TABLE",
        ObjectKey: "main.analytics.admin_table",
      },
    ]);
    await grant("REVOKE SELECT ON TABLE main.analytics.admin_table FROM <sp>");
    await expect(sp.query("SELECT id FROM main.analytics.admin_table")).rejects.toThrow(/SELECT on Table/);
    await expect(
      sp.query(`GRANT SELECT ON TABLE main.analytics.admin_table TO \`${appId}\``),
    ).rejects.toThrow(/PERMISSION_DENIED/);
  });

  it("makes the creator the owner of what it creates, with every privilege on it", async () => {
    await grant("GRANT USE CATALOG ON CATALOG main TO <sp>");
    await grant("GRANT USE SCHEMA, CREATE TABLE, CREATE VOLUME ON SCHEMA main.analytics TO <sp>");
    await sp.query("CREATE VOLUME IF NOT EXISTS main.analytics.sp_staging");
    await sp.query("CREATE TABLE IF NOT EXISTS main.analytics.sp_events (uuid STRING, n BIGINT) USING DELTA");
    await sp.query("INSERT INTO sp_events VALUES ('a', 1)");
    expect(await sp.query("SELECT uuid, n FROM sp_events")).toEqual([{ uuid: "a", n: 1 }]);
    expect(await admin.query("SHOW GRANTS ON VOLUME main.analytics.sp_staging")).toEqual([
      { Principal: appId, ActionType: "OWN", ObjectType: "VOLUME", ObjectKey: "main.analytics.sp_staging" },
    ]);
    expect((await sp.query("SHOW TABLES IN main.analytics")).map((row) => row.tableName)).toContain(
      "sp_events",
    );
  });

  it("reports missing objects and bad syntax with Databricks' error classes", async () => {
    await expect(admin.query("SELECT * FROM main.analytics.nope")).rejects.toThrow(
      /\[TABLE_OR_VIEW_NOT_FOUND\].*SQLSTATE: 42P01/s,
    );
    await expect(admin.query("SELECT * FROM main.nope.t")).rejects.toThrow(/\[SCHEMA_NOT_FOUND\]/);
    await expect(admin.query("SELECT * FROM nope.analytics.t")).rejects.toThrow(
      /\[NO_SUCH_CATALOG_EXCEPTION\]/,
    );
    await expect(admin.query("SELEKT 1")).rejects.toThrow(/\[PARSE_SYNTAX_ERROR\].*SQLSTATE: 42601/s);
    await expect(admin.query("CREATE TABLE main.analytics.bad (x WIDGET)")).rejects.toThrow(
      /UNSUPPORTED_DATATYPE/,
    );
  });
});

describe("tables and queries", () => {
  it("creates typed tables, adds columns, describes them and answers typed results", async () => {
    await admin.query(`CREATE TABLE IF NOT EXISTS main.analytics.typed (
      s STRING, b BIGINT, i INT, d DOUBLE, f BOOLEAN, t TIMESTAMP, tn TIMESTAMP_NTZ, dt DATE,
      a ARRAY<STRING>, m MAP<STRING, STRING>, v VARIANT) USING DELTA`);
    await admin.query("ALTER TABLE main.analytics.typed ADD COLUMNS (extra STRING, more BIGINT)");
    await expect(admin.query("ALTER TABLE main.analytics.typed ADD COLUMNS (extra STRING)")).rejects.toThrow(
      /FIELD_ALREADY_EXISTS/,
    );
    const described = await admin.query("DESCRIBE TABLE main.analytics.typed");
    expect(described.map((row) => `${row.col_name}:${row.data_type}`)).toEqual([
      "s:string",
      "b:bigint",
      "i:int",
      "d:double",
      "f:boolean",
      "t:timestamp",
      "tn:timestamp_ntz",
      "dt:date",
      "a:array<string>",
      "m:map<string,string>",
      "v:variant",
      "extra:string",
      "more:bigint",
    ]);
    await admin.query(`INSERT INTO main.analytics.typed (s, b, i, d, f, t, tn, dt, a, m, v) VALUES
      ('x', 9007199254740991, 2, 1.5, true, TIMESTAMP '2026-01-02 03:04:05.123', TIMESTAMP_NTZ '2026-01-02 03:04:05', DATE '2026-01-02',
       ['p', 'q'], map('k', 'v'), PARSE_JSON('{"a": 1}'))`);
    const [row] = await admin.query("SELECT * FROM main.analytics.typed");
    expect(row).toMatchObject({
      s: "x",
      i: 2,
      d: 1.5,
      f: true,
      t: "2026-01-02 03:04:05.123",
      tn: "2026-01-02 03:04:05",
      dt: "2026-01-02",
      a: ["p", "q"],
      m: { k: "v" },
      v: '{"a":1}',
      extra: null,
      more: null,
    });
    // The driver reads BIGINT through node-int64: exact up to 2^53, as with a real warehouse.
    expect(row!.b).toBe(9007199254740991);
  });

  it("answers WHERE, GROUP BY, ORDER BY, LIMIT, aggregates and named parameters", async () => {
    await admin.query("CREATE TABLE main.analytics.sales (region STRING, amount BIGINT) USING DELTA");
    await admin.query("INSERT INTO main.analytics.sales VALUES ('eu', 5), ('eu', 7), ('us', 3), ('apac', 1)");
    expect(
      await admin.query(
        "SELECT region, count(*) AS n, sum(amount) AS total FROM sales WHERE amount > :min GROUP BY region ORDER BY total DESC LIMIT 2",
        {
          namedParameters: { min: 1 },
        },
      ),
    ).toEqual([
      { region: "eu", n: 2, total: 12 },
      { region: "us", n: 1, total: 3 },
    ]);
  });

  it("switches namespaces with USE, and drops what its owner drops", async () => {
    await admin.query("CREATE CATALOG IF NOT EXISTS scratch");
    await admin.query("CREATE SCHEMA scratch.tmp");
    await admin.query("USE CATALOG scratch");
    await admin.query("USE SCHEMA tmp");
    await admin.query("CREATE TABLE t (id BIGINT)");
    expect(await admin.query("SHOW TABLES")).toEqual([
      { database: "tmp", tableName: "t", isTemporary: false },
    ]);
    await admin.query("DROP TABLE t");
    await expect(admin.query("SELECT * FROM scratch.tmp.t")).rejects.toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
    await admin.query("DROP TABLE IF EXISTS t");
    await admin.query("DROP SCHEMA scratch.tmp CASCADE");
    await admin.query("DROP CATALOG scratch CASCADE");
    expect((await admin.query("SHOW CATALOGS")).map((row) => row.catalog)).toEqual(["main"]);
    await admin.query("USE CATALOG main");
    await admin.query("USE SCHEMA analytics");
    await expect(sp.query("DROP TABLE main.analytics.admin_table")).rejects.toThrow(
      /PERMISSION_DENIED.*not an owner/s,
    );
  });

  it("records each statement with its principal and query tags", async () => {
    await sp.query("SELECT 42 AS answer", { queryTags: { destination: "d1", run: "r7" } });
    const { body } = await emulatorFetch(emulator.facts)("/emulator/statements", {
      token: emulator.facts.adminToken,
    });
    expect((body.statements as object[]).at(-1)).toMatchObject({
      principal: appId,
      statement: "SELECT 42 AS answer",
      queryTags: "destination:d1,run:r7",
    });
  });

  it("fetches a large result in several chunks", async () => {
    await admin.query("CREATE TABLE main.analytics.many (n BIGINT) USING DELTA");
    await admin.query("INSERT INTO main.analytics.many SELECT range AS n FROM range(25000)");
    const rows = await admin.query("SELECT n FROM main.analytics.many ORDER BY n");
    expect(rows).toHaveLength(25000);
    expect(rows.at(-1)).toEqual({ n: 24999 });
  });
});
