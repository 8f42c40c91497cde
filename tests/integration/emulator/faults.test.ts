import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { connectSql, emulatorFetch, type SqlConnection } from "@/tests/support/emulator-client";
import { servicePrincipalToken } from "@/tests/support/emulator-principal";
import { startTestIssuer, type TestIssuer } from "@/tests/support/oidc-issuer";

const WAREHOUSE_START_MS = 600;
let emulator: RunningEmulator;
let issuer: TestIssuer;
let api: ReturnType<typeof emulatorFetch>;
let admin: SqlConnection;
const local = mkdtempSync(path.join(tmpdir(), "faults-"));
const staging = { stagingAllowedLocalPath: [local] };

const inject = async (fault: object) =>
  expect((await api("/emulator/faults", { token: emulator.facts.adminToken, json: fault })).status).toBe(200);

beforeAll(async () => {
  emulator = await startEmulator({ warehouseStartMs: WAREHOUSE_START_MS });
  issuer = await startTestIssuer();
  api = emulatorFetch(emulator.facts);
  admin = await connectSql(emulator.facts, emulator.facts.adminToken);
  await admin.query("CREATE VOLUME main.analytics.v");
  await admin.query("CREATE TABLE main.analytics.t (id BIGINT) USING DELTA");
  writeFileSync(path.join(local, "rows.json"), '{"id":1}\n{"id":2}\n');
  await admin.query(
    `PUT '${path.join(local, "rows.json")}' INTO '/Volumes/main/analytics/v/a/rows.json'`,
    staging,
  );
  await admin.query(
    `PUT '${path.join(local, "rows.json")}' INTO '/Volumes/main/analytics/v/b/rows.json'`,
    staging,
  );
});
afterAll(async () => {
  await admin.close();
  await emulator.stop();
  await issuer.close();
  rmSync(local, { recursive: true, force: true });
});

describe("faults on demand", () => {
  it("only the admin may inject them", async () => {
    expect((await api("/emulator/faults", { json: { kind: "statement", httpStatus: 503 } })).status).toBe(
      401,
    );
    expect(
      (
        await api("/emulator/faults", {
          token: emulator.facts.adminToken,
          json: { kind: "nonsense", httpStatus: 503 },
        })
      ).status,
    ).toBe(400);
  });

  it("fails the next token exchange, then lets the following one through", async () => {
    await inject({ kind: "tokenExchange", httpStatus: 503 });
    await expect(servicePrincipalToken(emulator, issuer, 0)).rejects.toThrow(/503/);
    expect(await servicePrincipalToken(emulator, issuer, 0)).toMatch(/^dkea/);
  });

  it("fails the next statements with an HTTP status or a SQL error", async () => {
    await inject({ kind: "statement", httpStatus: 503, count: 2 });
    await expect(admin.query("SELECT 1")).rejects.toThrow(/503/);
    await expect(admin.query("SELECT 1")).rejects.toThrow(/503/);
    expect(await admin.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await inject({
      kind: "statement",
      sqlError: { errorClass: "INSUFFICIENT_PERMISSIONS", sqlState: "42501", message: "Injected." },
    });
    await expect(admin.query("SELECT 1")).rejects.toThrow(
      /\[INSUFFICIENT_PERMISSIONS\] Injected\. SQLSTATE: 42501/,
    );
  });

  it("fails a staging upload", async () => {
    await inject({ kind: "staging", httpStatus: 500 });
    await expect(
      admin.query(
        `PUT '${path.join(local, "rows.json")}' INTO '/Volumes/main/analytics/v/c/rows.json'`,
        staging,
      ),
    ).rejects.toThrow(/HTTP error 500/);
  });

  it("fails a COPY INTO before it loads, or after its rows were committed", async () => {
    const copy = (dir: string) =>
      admin.query(`COPY INTO main.analytics.t FROM '/Volumes/main/analytics/v/${dir}' FILEFORMAT = JSON`);
    await inject({ kind: "copy", httpStatus: 500, phase: "before" });
    await expect(copy("a")).rejects.toThrow(/Injected COPY INTO failure \(before\)/);
    expect(await admin.query("SELECT count(*) AS n FROM main.analytics.t")).toEqual([{ n: 0 }]);
    await inject({ kind: "copy", httpStatus: 500, phase: "after" });
    await expect(copy("a")).rejects.toThrow(/Injected COPY INTO failure \(after\)/);
    expect(await admin.query("SELECT count(*) AS n FROM main.analytics.t")).toEqual([{ n: 2 }]);
    // The retry finds the file already loaded: exactly once.
    expect((await copy("a"))[0]).toMatchObject({ num_inserted_rows: 0 });
  });

  it("adds latency to statements", async () => {
    expect(
      (
        await api("/emulator/latency", {
          token: emulator.facts.adminToken,
          json: { kind: "statement", milliseconds: 300 },
        })
      ).status,
    ).toBe(200);
    const started = Date.now();
    await admin.query("SELECT 1");
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await api("/emulator/latency", {
      token: emulator.facts.adminToken,
      json: { kind: "statement", milliseconds: 0 },
    });
  });

  it("answers 503 TEMPORARILY_UNAVAILABLE while a stopped warehouse starts, then runs statements", async () => {
    expect(
      (await api("/emulator/warehouse/stop", { token: emulator.facts.adminToken, json: {} })).body,
    ).toEqual({ state: "STOPPED" });
    const started = Date.now();
    const starting = await api(`/sql/1.0/warehouses/${emulator.facts.warehouseId}`, {
      token: emulator.facts.adminToken,
      json: {},
    });
    expect(starting).toMatchObject({ status: 503, body: { error_code: "TEMPORARILY_UNAVAILABLE" } });
    await expect(admin.query("SELECT 1")).rejects.toThrow(/bad HTTP status code: 503/);
    await new Promise((resolve) => setTimeout(resolve, WAREHOUSE_START_MS - (Date.now() - started) + 50));
    expect(await admin.query("SELECT 2 AS two")).toEqual([{ two: 2 }]);
  });

  it("records every injected fault", async () => {
    const { body } = await api("/emulator/faults", { token: emulator.facts.adminToken });
    const kinds = (body.log as { kind: string; detail: string }[]).map(
      (entry) => `${entry.kind}:${entry.detail}`,
    );
    expect(kinds).toEqual([
      "tokenExchange:HTTP 503",
      "statement:HTTP 503",
      "statement:HTTP 503",
      "statement:INSUFFICIENT_PERMISSIONS",
      "staging:HTTP 500",
      "copy:HTTP 500",
      "copy:HTTP 500",
      "statement:warehouse starting",
    ]);
  });
});
