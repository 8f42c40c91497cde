#!/usr/bin/env node
// Runs the Prisma CLI: with Prisma's own native schema engine where it is installed (the
// @prisma/engines install script downloads it from Prisma's host), else with our offline
// stand-in (scripts/prisma-schema-engine.mjs) on machines that cannot reach that host.
// DELTAPORT_PRISMA_ENGINE=native|wasm forces one. Usage: node scripts/prisma.mjs <args>.
// With DATABASE_URL unset, commands that need a database run against the embedded default
// (.data/postgres), started for the duration of the command.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const standIn = fileURLToPath(new URL("./prisma-schema-engine.mjs", import.meta.url));
const cli = require.resolve("prisma/build/index.js");

/** Whether @prisma/engines holds a downloaded native schema engine. */
function nativeEngineInstalled() {
  try {
    const directory = path.dirname(require.resolve("@prisma/engines/package.json"));
    return readdirSync(directory).some((name) => name.startsWith("schema-engine"));
  } catch {
    return false;
  }
}

/** "native" or "wasm": the engine the CLI will run, as DELTAPORT_PRISMA_ENGINE or the install decides. */
export function schemaEngine(env = process.env) {
  const chosen = env.DELTAPORT_PRISMA_ENGINE;
  if (chosen === "native" || chosen === "wasm") return chosen;
  if (chosen) throw new Error(`DELTAPORT_PRISMA_ENGINE must be "native" or "wasm", not "${chosen}"`);
  return env.PRISMA_SCHEMA_ENGINE_BINARY || nativeEngineInstalled() ? "native" : "wasm";
}

/** Runs the CLI; returns its exit status and, when `quiet`, its output instead of printing it. */
export function runPrisma(args, env = process.env, { quiet = false } = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    stdio: quiet ? "pipe" : "inherit",
    encoding: "utf8",
    env: {
      ...env,
      ...(schemaEngine(env) === "wasm" ? { PRISMA_SCHEMA_ENGINE_BINARY: standIn } : {}),
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
  return { status: result.status ?? 1, output: `${result.stdout ?? ""}${result.stderr ?? ""}` };
}

async function main(args) {
  const needsDatabase = ["migrate", "db"].includes(args[0]);
  if (process.env.DATABASE_URL || process.env.DIRECT_DATABASE_URL || !needsDatabase)
    return runPrisma(args).status;
  const { localDatabase } = await import("./local-default.mjs");
  const database = await localDatabase(process.env);
  try {
    return runPrisma(args, { ...process.env, DATABASE_URL: database.url }).status;
  } finally {
    await database.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(await main(process.argv.slice(2)));
