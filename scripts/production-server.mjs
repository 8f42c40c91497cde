// The portal as a production build (`next start`, NODE_ENV=production) on a fresh embedded
// PostgreSQL with the demo seeded: what end-to-end tests and benchmarks run against.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulatorChild, startExportRunnerChild, stopChild } from "./child-processes.mjs";
import { freePort, startEmbeddedPostgres } from "./embedded-postgres.mjs";
import { runPrisma } from "./prisma.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

function run(label, args, env) {
  const { status } = spawnSync(process.execPath, args, { cwd: root, env, stdio: "inherit" });
  if (status !== 0) throw new Error(`${label} failed (exit ${status})`);
}

/**
 * Starts it; `build: false` reuses the existing .next build; `seed: false` leaves the database
 * empty (a deployment's first run). With `withExports`, also the
 * Databricks emulator (allowed as a workspace host) and the local export runner, as on the
 * local default. Resolves once the server listens.
 */
export async function startProductionServer({
  port,
  build = true,
  seed = true,
  quiet = false,
  extraEnv = {},
  withExports = false,
}) {
  const workDir = mkdtempSync(path.join(tmpdir(), "deltaport-prod-"));
  const postgres = await startEmbeddedPostgres({
    dataDir: path.join(workDir, "postgres"),
    port: await freePort(),
    persistent: false,
  });
  let server;
  let emulator;
  let runner;
  const stop = async () => {
    await stopChild(runner);
    await stopChild(server);
    await stopChild(emulator?.child);
    await postgres.stop().catch(() => {});
  };
  try {
    await postgres.ensureDatabase("deltaport");
    const env = {
      ...process.env,
      DATABASE_URL: postgres.urlFor("deltaport"),
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: `http://localhost:${port}`,
      ISSUER_URL: `http://127.0.0.1:${port}`,
      KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      NEXT_TELEMETRY_DISABLED: "1",
      // Tests receive alert webhooks on loopback, which production refuses by default.
      WEBHOOK_ALLOW_PRIVATE_HOSTS: "1",
      // The server's and runner's JSON logs, beside the database (the console stays readable).
      LOG_FILE: process.env.LOG_FILE ?? path.join(workDir, "deltaport.log"),
      ...extraEnv,
    };
    const migration = runPrisma(["migrate", "deploy"], env, { quiet: true });
    if (migration.status !== 0) throw new Error(`prisma migrate deploy failed:\n${migration.output}`);
    // The seed refuses to run in production; the server below runs as production.
    if (seed) run("seeding the demo", ["--import", "tsx", "prisma/seed.ts"], { ...env, NODE_ENV: "test" });
    if (build) run("next build", [nextBin, "build"], { ...env, NODE_ENV: "production" });
    if (withExports) {
      emulator = await startEmulatorChild(path.join(workDir, "emulator"), env);
      env.ALLOWED_WORKSPACE_HOSTS = new URL(emulator.facts.host).host;
      env.DATABRICKS_CA_CERT_FILE = emulator.facts.caCertPath;
      env.EMULATOR_FACTS = emulator.factsFile;
    }
    server = spawn(process.execPath, [nextBin, "start", "--hostname", "127.0.0.1", "--port", String(port)], {
      cwd: root,
      env: { ...env, NODE_ENV: "production" },
      stdio: quiet ? "ignore" : "inherit",
    });
    await waitForServer(`http://127.0.0.1:${port}/signin`, server);
    if (withExports) {
      runner = startExportRunnerChild({ ...env, NODE_ENV: "production", EXPORT_TICK_MS: "1000" }, { quiet });
    }
    return {
      url: `http://127.0.0.1:${port}`,
      databaseUrl: env.DATABASE_URL,
      emulatorFacts: env.EMULATOR_FACTS,
      server,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForServer(url, server) {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (server.exitCode !== null) throw new Error(`next start exited (${server.exitCode})`);
    const answered = await fetch(url).then(
      () => true,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within 60 s`);
}
