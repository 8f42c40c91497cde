#!/usr/bin/env node
// The portal as end-to-end tests see it: a production build (`next start`, NODE_ENV=production)
// on a fresh embedded PostgreSQL with the demo seeded. Started by playwright.config.ts.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, startEmbeddedPostgres } from "./embedded-postgres.mjs";
import { runPrisma } from "./prisma.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const port = Number(process.env.E2E_PORT || 3210);
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

function run(label, command, args, env) {
  const { status } = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  if (status !== 0) throw new Error(`${label} failed (exit ${status})`);
}

const dataDir = path.join(mkdtempSync(path.join(tmpdir(), "deltaport-e2e-")), "postgres");
const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
let server;
const stop = async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  await postgres.stop().catch(() => {});
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

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
  };
  const migration = runPrisma(["migrate", "deploy"], env, { quiet: true });
  if (migration.status !== 0) throw new Error(`prisma migrate deploy failed:\n${migration.output}`);
  // The seed refuses to run in production; the server below runs as production.
  run("seeding the demo", process.execPath, ["--import", "tsx", "prisma/seed.ts"], { ...env, NODE_ENV: "test" });
  if (process.env.E2E_SKIP_BUILD !== "1") run("next build", process.execPath, [nextBin, "build"], { ...env, NODE_ENV: "production" });
  server = spawn(process.execPath, [nextBin, "start", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: root,
    env: { ...env, NODE_ENV: "production" },
    stdio: "inherit",
  });
  server.on("exit", stop);
} catch (error) {
  console.error(error);
  await postgres.stop();
  process.exit(1);
}
