// startEmulator: a local Databricks account + workspace on loopback HTTPS. Persistent when
// given a data directory (the standalone emulator), ephemeral otherwise (tests).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Faults } from "./faults.ts";
import { createRequestHandler, knownPrincipals, type EmulatorParts } from "./server.ts";
import { TableEngine } from "./sql/engine.ts";
import { UnityCatalog } from "./sql/unity-catalog.ts";
import { StagingUrls } from "./staging.ts";
import { StateStore, type ServicePrincipal } from "./state.ts";
import { loadOrCreateTls } from "./tls.ts";
import { TokenExchange } from "./token-exchange.ts";
import { Warehouse } from "./warehouse.ts";

export type EmulatorOptions = {
  /** Where state, certificates, tables and volumes live; omitted: a temporary directory, removed on stop. */
  dataDir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Where to write the facts as JSON (default: <dataDir>/workspace.json when persistent). */
  factsFile?: string;
  /** How long a stopped warehouse takes to start (default 3 s). */
  warehouseStartMs?: number;
  /** Where the CA and server certificate live (default <dataDir>/tls): tests share one CA. */
  tlsDir?: string;
};

export type EmulatorFacts = {
  host: string;
  accountId: string;
  workspaceId: string;
  warehouseId: string;
  caCertPath: string;
  adminToken: string;
  catalog: string;
  schema: string;
  servicePrincipals: ServicePrincipal[];
};

export type RunningEmulator = {
  facts: EmulatorFacts;
  factsFile?: string;
  /** In-process access for tests that drive faults without HTTP. */
  faults: Faults;
  /** Forgets every access token issued so far, as an expiry or a revocation would. */
  revokeTokens: () => void;
  stop: () => Promise<void>;
};

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const persistent = options.dataDir !== undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "deltaport-emulator-"));
  mkdirSync(dataDir, { recursive: true });
  const tls = loadOrCreateTls(options.tlsDir ?? path.join(dataDir, "tls"));
  const store = new StateStore(persistent ? path.join(dataDir, "state.json") : null);
  const engine = await TableEngine.open(persistent ? path.join(dataDir, "tables.duckdb") : null);
  const volumesDir = path.join(dataDir, "volumes");
  let baseUrl = "";
  const faults = new Faults();
  const uc = new UnityCatalog(store);
  const stagingUrls = new StagingUrls(() => baseUrl);
  const parts: EmulatorParts = {
    store,
    uc,
    engine,
    faults,
    stagingUrls,
    volumesDir,
    tokens: new TokenExchange(store, faults),
    warehouse: undefined as unknown as Warehouse,
    baseUrl: () => baseUrl,
  };
  parts.warehouse = new Warehouse({
    uc,
    engine,
    volumesDir,
    stagingUrls,
    faults,
    knownPrincipals: () => knownPrincipals(parts),
    startDelayMs: options.warehouseStartMs ?? 3000,
  });

  const server = createServer({ cert: tls.cert, key: tls.key }, createRequestHandler(parts));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `https://127.0.0.1:${port}`;

  const { state } = store;
  const facts: EmulatorFacts = {
    host: baseUrl,
    accountId: state.accountId,
    workspaceId: state.workspaceId,
    warehouseId: state.warehouseId,
    caCertPath: tls.caCertPath,
    adminToken: state.adminToken,
    catalog: "main",
    schema: "analytics",
    servicePrincipals: state.servicePrincipals,
  };
  const factsFile = options.factsFile ?? (persistent ? path.join(dataDir, "workspace.json") : undefined);
  if (factsFile) writeFileSync(factsFile, `${JSON.stringify(facts, null, 2)}\n`, { mode: 0o600 });

  return {
    facts,
    factsFile,
    faults,
    revokeTokens: () => parts.tokens.revokeAll(),
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      engine.close();
      if (!persistent) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
