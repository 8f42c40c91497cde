// `npm run bench:export [-- N]`: loads N events (default 1,000,000) into PostgreSQL, runs one
// export of them to the emulator (run as its own process), and prints events/s end to end
// without the emulator's own COPY INTO, the peak RSS of this process, and the ceiling on this
// machine: PostgreSQL rendering the same rows and gzip compressing them (COPY … TO PROGRAM).
// Targets: ≥ 50,000 events/s, peak RSS < 300 MB whatever N is, within 2x of the ceiling.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort, startEmbeddedPostgres } from "./embedded-postgres.mjs";
import { runPrisma } from "./prisma.mjs";

const N = Number(process.argv[2] ?? process.env.BENCH_EVENTS ?? 1_000_000);
const work = mkdtempSync(path.join(tmpdir(), "bench-export-"));
const postgres = await startEmbeddedPostgres({ dataDir: path.join(work, "postgres"), port: await freePort(), persistent: false });
await postgres.ensureDatabase("deltaport");
const issuerPort = await freePort();
Object.assign(process.env, {
  DATABASE_URL: postgres.urlFor("deltaport"),
  ISSUER_URL: `http://127.0.0.1:${issuerPort}`,
  KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  NODE_ENV: "test",
});
if (runPrisma(["migrate", "deploy"], process.env, { quiet: true }).status !== 0) throw new Error("migrate deploy failed");

// The emulator in its own process, so that this process's RSS is the export's alone.
const emulatorDir = path.join(work, "emulator");
const emulatorProcess = spawn(process.execPath, ["--import", "tsx", "emulator/main.ts"], { env: { ...process.env, EMULATOR_DATA_DIR: emulatorDir, EMULATOR_EXIT_WITH_PARENT: "1" }, stdio: ["pipe", "pipe", "inherit"] });
await new Promise<void>((resolve) => emulatorProcess.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("Workspace facts:") && resolve()));
const facts = JSON.parse(readFileSync(path.join(emulatorDir, "workspace.json"), "utf8"));
process.env.DATABRICKS_CA_CERT_FILE = facts.caCertPath;

const { db } = await import("../lib/db.ts");
const { seedDemo, DEFAULT_DEMO_API_KEY } = await import("../prisma/seed.ts");
const { openIdConfiguration } = await import("../lib/oidc/discovery.ts");
const { publishedJwks } = await import("../lib/oidc/signing-keys.ts");
const { createDestination } = await import("../lib/destinations/create-destination.ts");
const { newDestinationId } = await import("../lib/destinations/destination-id.ts");
const { federationPolicy } = await import("../lib/destinations/databricks-snippets.ts");
const { federationPolicyId } = await import("../lib/oidc/claims.ts");
const { exportDestination } = await import("../lib/exports/export-workflow.ts");
const { localStep } = await import("../inngest/local-runner.ts");
const { connectSql, emulatorFetch } = await import("../tests/support/emulator-client.ts");

const issuer = createServer(async (req, res) => {
  const body = req.url === "/.well-known/openid-configuration" ? openIdConfiguration() : await publishedJwks();
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
});
await new Promise<void>((resolve) => issuer.listen(issuerPort, "127.0.0.1", resolve));

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const fmt = (n: number) => Math.round(n).toLocaleString("en");
try {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "bench" });
  const project = await db.project.findUniqueOrThrow({ where: { apiKey: DEFAULT_DEMO_API_KEY } });
  const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  let started = performance.now();
  await client.query(
    `INSERT INTO events (uuid, project_id, event_time, event_type, user_id, device_id, amplitude_id, event_properties, user_properties,
       server_received_time, server_upload_time, client_event_time, client_upload_time, processed_time, session_id, event_id, app, insert_id,
       platform, os_name, os_version, country, city, language, ip_address, library, amplitude_attribution_ids)
     SELECT gen_random_uuid(), $1, now() - (n || ' ms')::interval, (ARRAY['page_view','click','search','purchase'])[1 + n % 4],
       CASE WHEN n % 3 = 0 THEN 'user-' || (n % 20000) END, 'device-' || (n % 50000), 1000000 + n % 50000,
       jsonb_build_object('path', '/p/' || (n % 997), 'price', (n % 1000) / 10.0, 'ab', CASE WHEN n % 2 = 0 THEN 'A' ELSE 'B' END),
       jsonb_build_object('plan', CASE WHEN n % 5 = 0 THEN 'pro' ELSE 'free' END),
       now(), now(), now(), now(), now(), 1790000000000 + n % 600, n, $2, 'ins-' || n, 'Web', 'Chrome', '131', 'Germany', 'Berlin', 'de-DE',
       '10.0.' || (n % 256) || '.' || (n % 251), 'amplitude-node/1.5.73', ARRAY[]::text[]
     FROM generate_series(1, $3::int) AS n`,
    [project.id, project.appId.toString(), N],
  );
  console.log(`loaded      ${fmt(N)} events into PostgreSQL in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const sp = facts.servicePrincipals[0];
  const api = emulatorFetch(facts);
  const destinationId = newDestinationId();
  await api(`/api/2.0/accounts/${facts.accountId}/servicePrincipals/${sp.id}/federationPolicies?policy_id=${federationPolicyId(destinationId)}`, {
    token: facts.adminToken,
    json: federationPolicy({ issuer: process.env.ISSUER_URL!, projectId: project.id, destinationId, workspaceOrigin: facts.host }),
  });
  await api(`/api/2.0/permissions/warehouses/${facts.warehouseId}`, { method: "PATCH", token: facts.adminToken, json: { access_control_list: [{ service_principal_name: sp.applicationId, permission_level: "CAN_USE" }] } });
  const adminSql = await connectSql(facts, facts.adminToken);
  await adminSql.query(`GRANT USE CATALOG ON CATALOG main TO \`${sp.applicationId}\``);
  await adminSql.query(`GRANT USE SCHEMA, CREATE TABLE, CREATE VOLUME ON SCHEMA main.analytics TO \`${sp.applicationId}\``);
  await createDestination(
    { userId: admin.id, organizationId: project.organizationId, projectId: project.id },
    destinationId,
    { frequencyMinutes: 15, filter: { eventTypes: null, conditions: [] }, workspaceHost: facts.host, clientId: sp.applicationId, warehouseId: facts.warehouseId, catalog: "main", schema: "analytics", table: "bench_events", jsonColumnType: "STRING", policyVariant: "DISCOVERY" },
    [new URL(facts.host).host],
    new Date(Date.now() - 3600_000),
  );
  await db.destination.update({ where: { id: destinationId }, data: { nextRunAt: new Date(Date.now() - 1000), exportFrom: new Date(0) } });

  const stepSeconds: Record<string, number> = {};
  const inner = localStep({ maxAttempts: 1 });
  const rssBefore = process.memoryUsage().rss;
  peakRss = 0;
  started = performance.now();
  const outcome = await exportDestination({ run: async (name, fn) => {
    const t = performance.now();
    try {
      return await inner.run(name, fn);
    } finally {
      stepSeconds[name] = (performance.now() - t) / 1000;
    }
  } }, destinationId);
  const total = (performance.now() - started) / 1000;
  if (outcome.status !== "succeeded" || outcome.rows !== N) throw new Error(`export ${outcome.status} with ${outcome.rows} rows`);
  const withoutCopy = total - (stepSeconds.copy ?? 0);
  const [{ n }] = (await adminSql.query("SELECT count(*) AS n FROM main.analytics.bench_events")) as [{ n: number }];
  await adminSql.close();

  // The ceiling: PostgreSQL renders the same lines and gzip compresses them.
  const { windowQuery } = await import("../lib/exports/stage-files.ts");
  const run = await db.exportRun.findFirstOrThrow({ where: { destinationId } });
  const query = windowQuery({ projectId: project.id, fromTxid: run.fromTxid, exportFrom: run.exportFrom!, toTxid: run.toTxid!, filter: { eventTypes: null, conditions: [] } });
  const literal = (value: unknown) => `'${String(value).replaceAll("'", "''")}'`;
  const inlined = query.sql.replace(/\$(\d+)/g, (_match, index: string) => literal(query.params[Number(index) - 1]));
  started = performance.now();
  await client.query(`COPY (${inlined}) TO PROGRAM 'gzip -6 > /dev/null'`);
  const ceiling = (performance.now() - started) / 1000;
  await client.end();

  console.log(`steps       ${Object.entries(stepSeconds).map(([name, s]) => `${name} ${s.toFixed(2)} s`).join(", ")}`);
  console.log(`export      ${fmt(outcome.rows)} events in ${total.toFixed(1)} s; without the emulator's COPY INTO ${withoutCopy.toFixed(1)} s: ${fmt(N / withoutCopy)} events/s (target ≥ 50,000); table holds ${fmt(n)}`);
  console.log(`memory      peak RSS during the export ${fmt(peakRss / 1024 / 1024)} MB, ${fmt(rssBefore / 1024 / 1024)} MB before it (target < 300 MB)`);
  console.log(`ceiling     COPY … TO PROGRAM gzip: ${ceiling.toFixed(1)} s = ${fmt(N / ceiling)} events/s; the export is ${(withoutCopy / ceiling).toFixed(1)}x the ceiling (target ≤ 2x)`);
} finally {
  clearInterval(sampler);
  issuer.close();
  await db.$disconnect();
  emulatorProcess.kill("SIGTERM");
  await postgres.stop();
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
}
