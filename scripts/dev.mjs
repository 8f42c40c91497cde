#!/usr/bin/env node
// `npm run dev`: the portal on its embedded default. Needs nothing but Node:
// - with DATABASE_URL unset, a real PostgreSQL server from npm, its data in .data/postgres;
// - migrations applied and the demo seeded;
// - the Databricks emulator (emulator/), its state in .data/emulator, allowed as a workspace host;
// - the local export runner (scripts/local-export-runner.ts) when Inngest is not configured;
// - Next.js in development mode on http://localhost:3000 (PORT overrides).
// Ctrl-C stops everything it started; the next start reuses the data.
import { spawn } from "node:child_process";
import path from "node:path";
import { startEmulatorChild, startExportRunnerChild, stopChild } from "./child-processes.mjs";
import { dataDir, localDatabase, root, withLocalSecrets } from "./local-default.mjs";
import { runPrisma } from "./prisma.mjs";

const port = Number(process.env.PORT || 3000);
const stops = [];

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
  const env = withLocalSecrets({ ...process.env, NODE_ENV: "development", NEXT_TELEMETRY_DISABLED: "1" });
  env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  // The emulator fetches our discovery document: name the address Next listens on.
  env.ISSUER_URL ??= `http://127.0.0.1:${port}`;

  const database = await localDatabase(env, { port: env.EMBEDDED_POSTGRES_PORT });
  stops.push(database.stop);
  env.DATABASE_URL = database.url;
  console.log(
    database.embedded
      ? `• Embedded PostgreSQL on 127.0.0.1:${database.port} (data in .data/postgres)`
      : "• Using DATABASE_URL",
  );

  const emulator = await startEmulatorChild(path.join(dataDir, "emulator"), env);
  stops.push(emulator.stop);
  env.ALLOWED_WORKSPACE_HOSTS = [env.ALLOWED_WORKSPACE_HOSTS, new URL(emulator.facts.host).host]
    .filter(Boolean)
    .join(",");
  env.EMULATOR_FACTS = emulator.factsFile;
  env.DATABRICKS_CA_CERT_FILE ??= emulator.facts.caCertPath;
  console.log(
    `• Databricks emulator on ${emulator.facts.host} (facts in ${path.relative(root, emulator.factsFile)})`,
  );

  await step("prisma generate", runPrisma(["generate"], env).status);
  await step("prisma migrate deploy", runPrisma(["migrate", "deploy"], env).status);
  const seed = spawn(process.execPath, ["--import", "tsx", "prisma/seed.ts"], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  await step("seeding the demo", await new Promise((resolve) => seed.on("exit", resolve)));

  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const next = spawn(process.execPath, [nextBin, "dev", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  stops.push(() => stopChild(next));
  next.on("exit", (code) => shutdown(code ?? 0));

  // Without Inngest, the export scheduler and runs run in a process of their own.
  if (!env.INNGEST_EVENT_KEY && !env.INNGEST_DEV) {
    const runner = startExportRunnerChild(env);
    stops.push(() => stopChild(runner));
  }

  console.log(`\n  Deltaport is starting on http://localhost:${port}\n`);
}

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => shutdown(0));
main().catch(async (error) => {
  console.error(error);
  await shutdown(1);
});
