import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorFacts } from "@/emulator/index";
import { connectSql, emulatorFetch } from "@/tests/support/emulator-client";

const dataDir = mkdtempSync(path.join(tmpdir(), "emulator-lifecycle-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("running the emulator", () => {
  it("writes its facts once listening, and keeps its state, port and tables across a restart", async () => {
    const first = await startEmulator({ dataDir });
    const facts = JSON.parse(readFileSync(first.factsFile!, "utf8")) as EmulatorFacts;
    expect(facts).toEqual(first.facts);
    expect(facts.host).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(facts.warehouseId).toMatch(/^[0-9a-f]{16}$/);
    expect(path.isAbsolute(facts.caCertPath)).toBe(true);
    expect(facts).toMatchObject({ catalog: "main", schema: "analytics" });
    expect(facts.servicePrincipals.length).toBeGreaterThan(0);
    for (const sp of facts.servicePrincipals) {
      expect(sp.id).toMatch(/^\d{16}$/);
      expect(sp.applicationId).toMatch(/^[0-9a-f-]{36}$/);
    }
    const sql = await connectSql(facts, facts.adminToken);
    await sql.query("CREATE TABLE kept (id BIGINT) USING DELTA");
    await sql.query("INSERT INTO kept VALUES (7)");
    await sql.close();
    await first.stop();

    const port = Number(new URL(facts.host).port);
    const second = await startEmulator({ dataDir, port });
    expect(second.facts).toEqual(facts);
    const again = await connectSql(second.facts, facts.adminToken);
    expect(await again.query("SELECT id FROM main.analytics.kept")).toEqual([{ id: 7 }]);
    await again.close();
    await second.stop();
  });

  it("serves HTTPS that a client without its CA refuses", async () => {
    const emulator = await startEmulator();
    const withoutCa = await new Promise<string>((resolve) => {
      https
        .get(`${emulator.facts.host}/.well-known/databricks-config`, () => resolve("connected"))
        .on("error", (error) => resolve(error.message));
    });
    expect(withoutCa).toMatch(/self[- ]signed|unable to verify|certificate/i);
    const { status, body } = await emulatorFetch(emulator.facts)("/.well-known/databricks-config");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      account_id: emulator.facts.accountId,
      workspace_id: emulator.facts.workspaceId,
    });
    const metadata = await emulatorFetch(emulator.facts)("/oidc/.well-known/oauth-authorization-server");
    expect(metadata.body.token_endpoint).toBe(`${emulator.facts.host}/oidc/v1/token`);
    await emulator.stop();
  });
});

describe("the console's API", () => {
  it("serves the console, and lists tables with row counts and runs SQL for the admin only", async () => {
    const emulator = await startEmulator();
    const api = emulatorFetch(emulator.facts);
    const page = await api("/");
    expect(String(page.body.text)).toContain("Admin token");
    const token = emulator.facts.adminToken;
    expect((await api("/emulator/sql", { json: { statement: "SELECT 1" } })).status).toBe(401);
    expect(
      (
        await api("/emulator/sql", {
          token,
          json: { statement: "CREATE TABLE main.analytics.c (id BIGINT)" },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api("/emulator/sql", {
          token,
          json: { statement: "INSERT INTO main.analytics.c VALUES (1), (2)" },
        })
      ).status,
    ).toBe(200);
    const overview = await api("/emulator/overview", { token });
    expect(overview.body.tables).toEqual([
      { name: "main.analytics.c", owner: "admin@emulator.databricks.test", rows: 2, columns: 1 },
    ]);
    expect((overview.body.servicePrincipals as unknown[]).length).toBe(
      emulator.facts.servicePrincipals.length,
    );
    const bad = await api("/emulator/sql", { token, json: { statement: "SELEKT" } });
    expect(bad).toMatchObject({ status: 400, body: { error: expect.stringMatching(/PARSE_SYNTAX_ERROR/) } });
    await emulator.stop();
  });
});
