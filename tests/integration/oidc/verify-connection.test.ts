import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { db } from "@/lib/db/prisma";
import { workspaceToken } from "@/lib/databricks/token-provider";
import {
  requireUnusedDestinationId,
  verifyConnection,
  type VerifyInput,
} from "@/lib/destinations/verify-connection";
import { changesCredentialPath, requireVerifiedCredentialPath } from "@/lib/destinations/credential-change";
import type { Destination } from "@/lib/generated/prisma/client";
import { decryptPrivateKey } from "@/lib/oidc/key-encryption";
import { authorizeDestination, runGrantsSql } from "@/tests/support/authorize-destination";
import { setWarehousePermission } from "@/tests/support/emulator-admin";
import { connectSql, emulatorFetch } from "@/tests/support/emulator-client";
import { outsideContract } from "@/tests/support/databricks-contract";
import { ADMIN_PRINCIPAL } from "@/emulator/state";
import { serveDeltaportIssuer } from "@/tests/support/deltaport-issuer";
import { databaseText } from "@/tests/support/database-text";
import { createDestination } from "@/lib/destinations/create-destination";
import { newDestinationId } from "@/lib/destinations/destination-id";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";
import { demoAdminActor, destinationInput } from "@/tests/support/destination-input";

let emulator: RunningEmulator;
let issuer: { close: () => Promise<void> };
const projectId = "cprojectverify00000000001";

async function destinationWithPolicy(destinationId: string, spIndex: number) {
  const sp = emulator.facts.servicePrincipals[spIndex]!;
  // The policy and CAN USE, not yet the grants SQL: what verify connection names first.
  await authorizeDestination(
    emulator,
    { projectId, destinationId, clientId: sp.applicationId },
    { grants: false },
  );
  const input: VerifyInput = {
    projectId,
    destinationId,
    workspaceHost: emulator.facts.host,
    clientId: sp.applicationId,
    warehouseId: emulator.facts.warehouseId,
    catalog: "main",
    schema: "analytics",
    table: `events_${spIndex}`,
    allowedHosts: [new URL(emulator.facts.host).host],
  };
  return { sp, input };
}

/** The checklist in one line, in order: ✓ passed, ✗ failed, – skipped. */
const checklist = (checks: { key: string; status: string }[]) =>
  checks.map(({ key, status }) => `${key} ${{ passed: "✓", failed: "✗", skipped: "–" }[status]}`).join(", ");

const statuses = (checks: { key: string; status: string }[]) =>
  Object.fromEntries(checks.map((check) => [check.key, check.status]));

beforeAll(async () => {
  issuer = await serveDeltaportIssuer();
  emulator = await startEmulator({ tlsDir: process.env.TEST_EMULATOR_TLS_DIR });
});
afterAll(async () => {
  await emulator.stop();
  await issuer.close();
  await db.$disconnect();
});

describe("verify connection", () => {
  it("names the first missing piece, and passes once the grants SQL was run", async () => {
    const { sp, input } = await destinationWithPolicy("cdestverify0000000000000a", 0);
    const admin = await connectSql(emulator.facts, emulator.facts.adminToken);

    const before = await verifyConnection(input);
    expect(checklist(before)).toBe(
      "host ✓, token ✓, warehouse ✓, catalog ✗, schema –, volume –, table –, upload –, copy –, remove –",
    );
    expect(before.find((check) => check.key === "catalog")!.message).toMatch(
      /grant is missing.*USE CATALOG on Catalog 'main'/s,
    );

    await runGrantsSql(emulator, { clientId: sp.applicationId });
    const after = await verifyConnection(input);
    // No table yet: the load path is checked against a scratch table, which is dropped.
    expect(checklist(after)).toBe(
      "host ✓, token ✓, warehouse ✓, catalog ✓, schema ✓, volume ✓, table –, upload ✓, copy ✓, remove ✓",
    );
    expect(after.find((check) => check.key === "table")!.message).toMatch(/first run creates it/);
    expect(after.find((check) => check.key === "copy")!.message).toMatch(/scratch table/);
    const tables = await admin.query("SHOW TABLES IN main.analytics");
    expect(tables.filter((row) => String(row.tableName).startsWith("deltaport_verify"))).toEqual([]);

    // A table that exists already needs SELECT and MODIFY, and COPY INTO validates against it.
    await admin.query(
      "CREATE TABLE main.analytics.events_0 (uuid STRING, event_time TIMESTAMP, event_type STRING) USING DELTA",
    );
    expect(statuses(await verifyConnection(input))).toMatchObject({ table: "failed", upload: "skipped" });
    await runGrantsSql(emulator, { clientId: sp.applicationId, existingTable: "events_0" });
    const existing = await verifyConnection(input);
    expect(statuses(existing)).toMatchObject({ table: "passed", upload: "passed", remove: "passed" });
    // The validation reads the export's file for this table, whose columns are too few.
    expect(statuses(existing).copy).toBe("failed");
    expect(await admin.query("SELECT count(*) AS n FROM main.analytics.events_0")).toEqual([{ n: 0 }]);
    await admin.close();
  });

  it("stops at a host that is not a Databricks workspace, and at a refused token", async () => {
    const { input } = await destinationWithPolicy("cdestverify0000000000000b", 1);
    const evil = await verifyConnection({ ...input, workspaceHost: "https://metadata.internal.example" });
    expect(statuses(evil)).toMatchObject({ host: "failed", token: "skipped", warehouse: "skipped" });
    const wrongClient = await verifyConnection({
      ...input,
      clientId: emulator.facts.servicePrincipals[2]!.applicationId,
    });
    expect(statuses(wrongClient)).toMatchObject({ host: "passed", token: "failed", warehouse: "skipped" });
    expect(wrongClient.find((check) => check.key === "token")!.message).toMatch(
      /federation policy is missing, was deleted, or does not match/,
    );
  });

  it("says so when the volume's cloud storage refuses the upload, as a storage firewall does", async () => {
    const { sp, input } = await destinationWithPolicy("cdestverify0000000000000d", 1);
    await runGrantsSql(emulator, { clientId: sp.applicationId });
    emulator.faults.add({ kind: "staging", httpStatus: 403, count: 1 });
    const checks = await verifyConnection(input);
    expect(checklist(checks)).toBe(
      "host ✓, token ✓, warehouse ✓, catalog ✓, schema ✓, volume ✓, table –, upload ✗, copy –, remove –",
    );
    expect(checks.find((check) => check.key === "upload")!.message).toMatch(
      /cloud storage refused the upload: check the storage account's firewall/,
    );
  });

  it("refuses to save a new client id until its policy lets Deltaport in, then saves it", async () => {
    const { sp, input } = await destinationWithPolicy("cdestverify0000000000000e", 0);
    await runGrantsSql(emulator, { clientId: sp.applicationId });
    const { allowedHosts, ...rest } = input;
    const credential = { ...rest, table: "events_e" }; // a table that does not exist yet
    const destination = {
      ...credential,
      id: input.destinationId,
      workspaceHost: emulator.facts.host,
      jsonColumnType: "STRING",
    } as unknown as Destination;
    const other = emulator.facts.servicePrincipals[2]!;
    const next = { ...credential, clientId: other.applicationId };
    await expect(requireVerifiedCredentialPath(destination, next, allowedHosts)).rejects.toThrow(
      /Not saved: Verify connection failed with the new values at "Token exchange/,
    );
    // What the page's commands and grants do for the new service principal.
    await authorizeDestination(emulator, {
      projectId,
      destinationId: input.destinationId,
      clientId: other.applicationId,
    });
    await expect(requireVerifiedCredentialPath(destination, next, allowedHosts)).resolves.toBeUndefined();
    // Only the table changes: nothing to verify.
    expect(changesCredentialPath(destination, { ...credential, table: "renamed" }, allowedHosts)).toBe(false);
  });

  it("says to grant CAN USE when the warehouse refuses the service principal", async () => {
    const { input } = await destinationWithPolicy("cdestverify0000000000000c", 1);
    await setWarehousePermission(emulator, input.clientId, "CAN_MONITOR");
    const checks = await verifyConnection(input);
    expect(checklist(checks)).toBe(
      "host ✓, token ✓, warehouse ✗, catalog –, schema –, volume –, table –, upload –, copy –, remove –",
    );
    expect(checks.find((check) => check.key === "warehouse")!.message).toMatch(/grant it CAN USE/);
  });
});

describe("tenancy", () => {
  it("refuses to verify, as a new destination, an id a destination already holds (issue 14, item 8)", async () => {
    await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
    const id = newDestinationId();
    await createDestination(
      await demoAdminActor(),
      id,
      destinationInput({
        workspaceHost: emulator.facts.host,
        clientId: emulator.facts.servicePrincipals[0]!.applicationId,
        warehouseId: emulator.facts.warehouseId,
        table: "tenancy_events",
      }),
      [new URL(emulator.facts.host).host],
    );
    await expect(requireUnusedDestinationId(id)).rejects.toThrow(/destination id is taken/);
    await expect(requireUnusedDestinationId("dunused00000000000000000a")).resolves.toBeUndefined();
  });
});

describe("the contract with Databricks", () => {
  it("sends only statements that emulator/README.md lists with the page that specifies them", async () => {
    const { body } = await emulatorFetch(emulator.facts)("/emulator/statements", {
      token: emulator.facts.adminToken,
    });
    const sent = (body as { statements: { principal: string; statement: string }[] }).statements
      .filter((entry) => entry.principal !== ADMIN_PRINCIPAL)
      .map((entry) => entry.statement);
    expect(sent.some((statement) => /VALIDATE ALL/.test(statement))).toBe(true);
    expect(outsideContract(sent)).toEqual([]);
  });
});

describe("secrets", () => {
  it("leaves no access token, JWT or private key in clear in the logs or the database", async () => {
    const written: string[] = [];
    const capture = (stream: NodeJS.WriteStream) =>
      vi.spyOn(stream, "write").mockImplementation(((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      }) as typeof stream.write);
    const spies = [capture(process.stdout), capture(process.stderr)];
    const consoleSpies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      vi
        .spyOn(console, level)
        .mockImplementation((...args: unknown[]) => void written.push(args.map(String).join(" "))),
    );
    let accessToken: string;
    try {
      const { sp, input } = await destinationWithPolicy("cdestsecrets0000000000000", 2);
      await verifyConnection(input); // mint, exchange, statements (and failures to log)
      accessToken = (
        await workspaceToken({
          projectId,
          destinationId: input.destinationId,
          workspaceOrigin: emulator.facts.host,
          clientId: sp.applicationId,
        })
      ).accessToken;
    } finally {
      for (const spy of [...spies, ...consoleSpies]) spy.mockRestore();
    }

    const dump = await databaseText(process.env.DATABASE_URL!);
    const keys = await db.signingKey.findMany();
    expect(keys.length).toBeGreaterThan(0);
    const privatePems = keys.map((key) =>
      decryptPrivateKey(key.encryptedPrivateKey, key.kid, process.env.KEY_ENCRYPTION_KEY!),
    );
    const haystacks = { logs: written.join("\n"), database: dump };
    for (const [where, text] of Object.entries(haystacks)) {
      expect(text, where).not.toContain(accessToken!);
      expect(text, where).not.toMatch(/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]+/); // a JWT
      expect(text, where).not.toContain("PRIVATE KEY");
      for (const pem of privatePems) {
        const body = pem
          .split("\n")
          .filter((line) => line && !line.startsWith("-----"))
          .join("");
        expect(text, where).not.toContain(body.slice(0, 64));
      }
    }
  });
});
