// Shared by the export benchmarks: a fresh embedded PostgreSQL, the emulator in its own
// process, Deltaport's issuer on loopback, and one destination of the demo project whose
// policy, CAN USE and grants are in place. Run with --conditions=react-server.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { startEmulatorChild } from "./child-processes.mjs";
import { freePort, startEmbeddedPostgres } from "./embedded-postgres.mjs";
import { runPrisma } from "./prisma.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

/** A whole number with thousands separators, for the benchmarks' output. */
export const fmt = (n: number) => Math.round(n).toLocaleString("en");

export type WorkerReport = {
  rows: number;
  runs: number;
  steps: { name: string; seconds: number }[];
  /** RSS once the export's modules are loaded, and the process's peak RSS (VmHWM), in bytes. */
  rssLoaded: number;
  rssPeak: number;
};

/**
 * Bundles the worker (scripts/export-bench-worker.ts) as production bundles the export path:
 * plain JavaScript with the packages left in node_modules. Run through tsx instead, the worker
 * would also carry tsx's transpiler and source maps, about 45 MB that production does not.
 */
async function bundleWorker(): Promise<string> {
  const outfile = path.join(root, "node_modules", ".cache", "deltaport-bench", "worker.mjs");
  await build({
    entryPoints: [path.join(root, "scripts", "export-bench-worker.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["react-server"],
    packages: "external",
    alias: { "@": root },
    logLevel: "warning",
  });
  return outfile;
}

/**
 * Delivers one lane in a fresh worker process, as a serverless invocation would: its memory is
 * the export's alone, not the benchmark's setup (seeding, migrations, the issuer).
 */
export async function runLaneInWorker(lane: "export" | "backfill", id: string): Promise<WorkerReport> {
  // The worker trusts the emulator's CA as production trusts a workspace: through Node's
  // default store (NODE_EXTRA_CA_CERTS), not DATABRICKS_CA_CERT_FILE, with which the driver
  // parses the roots anew for every session (about 1 MB of native memory each, measured).
  const { DATABRICKS_CA_CERT_FILE: caCertFile, ...env } = process.env;
  const child = spawn(process.execPath, ["--conditions=react-server", await bundleWorker(), lane, id], {
    cwd: root,
    env: { ...env, NODE_EXTRA_CA_CERTS: caCertFile },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      const last = output.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !last.startsWith("{"))
        reject(new Error(`the ${lane} worker exited (${code}):\n${output}`));
      else resolve(JSON.parse(last) as WorkerReport);
    });
  });
}

export async function startExportBench(frequencyMinutes = 15) {
  const work = mkdtempSync(path.join(tmpdir(), "bench-export-"));
  const postgres = await startEmbeddedPostgres({
    dataDir: path.join(work, "postgres"),
    port: await freePort(),
    persistent: false,
  });
  await postgres.ensureDatabase("deltaport");
  const issuerPort = await freePort();
  Object.assign(process.env, {
    DATABASE_URL: postgres.urlFor("deltaport"),
    ISSUER_URL: `http://127.0.0.1:${issuerPort}`,
    KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    NODE_ENV: "test",
  });
  if (runPrisma(["migrate", "deploy"], process.env, { quiet: true }).status !== 0)
    throw new Error("migrate deploy failed");

  // The emulator in its own process, so that this process's RSS is the export's alone.
  const emulator = await startEmulatorChild(path.join(work, "emulator"), process.env);
  const facts = emulator.facts;
  process.env.DATABRICKS_CA_CERT_FILE = facts.caCertPath;

  const { db } = await import("../lib/db/prisma.ts");
  const { seedDemo, DEFAULT_DEMO_API_KEY } = await import("../prisma/seed.ts");
  const { openIdConfiguration } = await import("../lib/oidc/discovery.ts");
  const { publishedJwks } = await import("../lib/oidc/signing-keys.ts");
  const { createDestination } = await import("../lib/destinations/create-destination.ts");
  const { newDestinationId } = await import("../lib/destinations/destination-id.ts");
  const { federationPolicy } = await import("../lib/destinations/databricks-snippets.ts");
  const { federationPolicyId } = await import("../lib/oidc/claims.ts");
  const { connectSql, emulatorFetch } = await import("../tests/support/emulator-client.ts");

  const issuer = createServer(async (req, res) => {
    const body =
      req.url === "/.well-known/openid-configuration" ? openIdConfiguration() : await publishedJwks();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => issuer.listen(issuerPort, "127.0.0.1", resolve));

  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "bench" });
  const project = await db.project.findUniqueOrThrow({ where: { apiKey: DEFAULT_DEMO_API_KEY } });
  const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
  const sp = facts.servicePrincipals[0];
  const api = emulatorFetch(facts);
  const destinationId = newDestinationId();
  await api(
    `/api/2.0/accounts/${facts.accountId}/servicePrincipals/${sp.id}/federationPolicies?policy_id=${federationPolicyId(destinationId)}`,
    {
      token: facts.adminToken,
      json: federationPolicy({
        issuer: process.env.ISSUER_URL!,
        projectId: project.id,
        destinationId,
        workspaceOrigin: facts.host,
      }),
    },
  );
  await api(`/api/2.0/permissions/warehouses/${facts.warehouseId}`, {
    method: "PATCH",
    token: facts.adminToken,
    json: {
      access_control_list: [{ service_principal_name: sp.applicationId, permission_level: "CAN_USE" }],
    },
  });
  const adminSql = await connectSql(facts, facts.adminToken);
  await adminSql.query(`GRANT USE CATALOG ON CATALOG main TO \`${sp.applicationId}\``);
  await adminSql.query(
    `GRANT USE SCHEMA, CREATE TABLE, CREATE VOLUME ON SCHEMA main.analytics TO \`${sp.applicationId}\``,
  );
  await createDestination(
    { userId: admin.id, organizationId: project.organizationId, projectId: project.id },
    destinationId,
    {
      frequencyMinutes,
      filter: { eventTypes: null, conditions: [] },
      workspaceHost: facts.host,
      clientId: sp.applicationId,
      warehouseId: facts.warehouseId,
      catalog: "main",
      schema: "analytics",
      table: "bench_events",
      jsonColumnType: "STRING",
      policyVariant: "DISCOVERY",
    },
    [new URL(facts.host).host],
  );
  await db.destination.update({ where: { id: destinationId }, data: { exportFrom: new Date(0) } });

  const { dbPool } = await import("../lib/db/pool.ts");

  /**
   * Loads `n` synthetic events of the demo project straight into PostgreSQL; each is uploaded
   * `now() - n ms`, or, with `spreadBefore`, spread over the 30 days before that time.
   */
  async function loadEvents(n: number, spreadBefore?: Date) {
    const uploaded = spreadBefore
      ? `$4::timestamptz - interval '30 days' + (n::float8 / $3::int) * interval '30 days' - interval '1 ms'`
      : `now() - (n || ' ms')::interval`;
    await dbPool().query(
      `INSERT INTO events (uuid, project_id, event_time, event_type, user_id, device_id, amplitude_id, event_properties, user_properties,
         server_received_time, server_upload_time, client_event_time, client_upload_time, processed_time, session_id, event_id, app, insert_id,
         platform, os_name, os_version, country, city, language, ip_address, library, amplitude_attribution_ids)
       SELECT gen_random_uuid(), $1, t, (ARRAY['page_view','click','search','purchase'])[1 + n % 4],
         CASE WHEN n % 3 = 0 THEN 'user-' || (n % 20000) END, 'device-' || (n % 50000), 1000000 + n % 50000,
         jsonb_build_object('path', '/p/' || (n % 997), 'price', (n % 1000) / 10.0, 'ab', CASE WHEN n % 2 = 0 THEN 'A' ELSE 'B' END),
         jsonb_build_object('plan', CASE WHEN n % 5 = 0 THEN 'pro' ELSE 'free' END),
         now(), ${spreadBefore ? "t" : "now()"}, now(), now(), now(), 1790000000000 + n % 600, n, $2, 'ins-' || n, 'Web', 'Chrome', '131',
         'Germany', 'Berlin', 'de-DE', '10.0.' || (n % 256) || '.' || (n % 251), 'amplitude-node/1.5.73', ARRAY[]::text[]
       FROM generate_series(1, $3::int) AS n, LATERAL (SELECT ${uploaded} AS t) AS at`,
      [project.id, project.appId.toString(), n, ...(spreadBefore ? [spreadBefore.toISOString()] : [])],
    );
  }

  return {
    db,
    project,
    destinationId,
    adminSql,
    loadEvents,
    makeDue: () =>
      db.destination.update({
        where: { id: destinationId },
        data: { nextRunAt: new Date(Date.now() - 1000) },
      }),
    async stop() {
      await adminSql.close();
      issuer.close();
      await db.$disconnect();
      await emulator.stop();
      await postgres.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
