#!/usr/bin/env node
// `npm run dev`: the portal on its embedded default. Needs nothing but Node:
// - with DATABASE_URL unset, a real PostgreSQL server from npm, its data in .data/postgres;
// - migrations applied and the demo seeded;
// - the Databricks emulator (emulator/), its state in .data/emulator, allowed as a workspace host;
// - Next.js in development mode on http://localhost:3000 (PORT overrides).
// Ctrl-C stops everything it started; the next start reuses the data.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, startEmbeddedPostgres } from "./embedded-postgres.mjs";
import { runPrisma } from "./prisma.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const dataDir = path.join(root, ".data");
const port = Number(process.env.PORT || 3000);
const stops = [];

/** Secrets the local default needs, generated once and kept in the git-ignored .data/. */
function localSecrets() {
  const file = path.join(dataDir, "local-secrets.json");
  mkdirSync(dataDir, { recursive: true });
  const secrets = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  secrets.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

/** Starts `npm run emulator` as a child and resolves once it has written its facts. */
function startEmulatorProcess(env) {
  const factsFile = path.join(dataDir, "emulator", "workspace.json");
  const child = spawn(process.execPath, ["--import", "tsx", "emulator/main.ts"], {
    cwd: root,
    env: { ...env, EMULATOR_DATA_DIR: path.dirname(factsFile) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (output.includes("Workspace facts:")) {
        resolve({ facts: JSON.parse(readFileSync(factsFile, "utf8")), factsFile, stop });
      }
    });
    child.once("exit", (code) => reject(new Error(`the Databricks emulator exited (${code}):\n${output}`)));
  });
}

let shuttingDown;
/** Stops what was started, last first, once (Ctrl-C and Next exiting both lead here). */
function shutdown(code) {
  shuttingDown ??= (async () => {
    for (const stop of [...stops].reverse()) await stop().catch(() => {});
    process.exit(code);
  })();
  return shuttingDown;
}

function step(label, status) {
  if (status !== 0) {
    console.error(`\n✗ ${label} failed (exit ${status}).`);
    return shutdown(1);
  }
}

async function main() {
  const env = { ...process.env, NODE_ENV: "development", NEXT_TELEMETRY_DISABLED: "1" };
  for (const [name, value] of Object.entries(localSecrets())) env[name] ??= value;
  env.NEXTAUTH_URL ??= `http://localhost:${port}`;

  if (!env.DATABASE_URL) {
    const pgPort = Number(env.EMBEDDED_POSTGRES_PORT || (await freePort()));
    const postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: pgPort });
    stops.push(() => postgres.stop());
    await postgres.ensureDatabase("deltaport");
    env.DATABASE_URL = postgres.urlFor("deltaport");
    console.log(`• Embedded PostgreSQL on 127.0.0.1:${pgPort} (data in .data/postgres)`);
  } else {
    console.log("• Using DATABASE_URL");
  }

  const emulator = await startEmulatorProcess(env);
  stops.push(emulator.stop);
  env.ALLOWED_WORKSPACE_HOSTS = [env.ALLOWED_WORKSPACE_HOSTS, new URL(emulator.facts.host).host].filter(Boolean).join(",");
  env.EMULATOR_FACTS = emulator.factsFile;
  console.log(`• Databricks emulator on ${emulator.facts.host} (facts in ${path.relative(root, emulator.factsFile)})`);

  await step("prisma generate", runPrisma(["generate"], env).status);
  await step("prisma migrate deploy", runPrisma(["migrate", "deploy"], env).status);
  const seed = spawn(process.execPath, ["--import", "tsx", "prisma/seed.ts"], { cwd: root, env, stdio: "inherit" });
  await step("seeding the demo", await new Promise((resolve) => seed.on("exit", resolve)));

  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const next = spawn(process.execPath, [nextBin, "dev", "--hostname", "127.0.0.1", "--port", String(port)], { cwd: root, env, stdio: "inherit" });
  stops.push(
    () =>
      new Promise((resolve) => {
        if (next.exitCode !== null) return resolve();
        next.once("exit", resolve);
        next.kill("SIGTERM");
      }),
  );
  next.on("exit", (code) => shutdown(code ?? 0));

  console.log(`\n  Deltaport is starting on http://localhost:${port}\n`);
}

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => shutdown(0));
main().catch(async (error) => {
  console.error(error);
  await shutdown(1);
});
