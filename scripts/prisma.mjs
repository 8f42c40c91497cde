#!/usr/bin/env node
// Runs the Prisma CLI with our offline schema engine (scripts/prisma-schema-engine.mjs),
// since the native engine binary cannot be downloaded here. Usage: node scripts/prisma.mjs <args>.
// With DATABASE_URL unset, commands that need a database run against the embedded default
// (.data/postgres), started for the duration of the command.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const engine = fileURLToPath(new URL("./prisma-schema-engine.mjs", import.meta.url));
const cli = require.resolve("prisma/build/index.js");

/** Runs the CLI; returns its exit status and, when `quiet`, its output instead of printing it. */
export function runPrisma(args, env = process.env, { quiet = false } = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    stdio: quiet ? "pipe" : "inherit",
    encoding: "utf8",
    env: {
      ...env,
      PRISMA_SCHEMA_ENGINE_BINARY: engine,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
  return { status: result.status ?? 1, output: `${result.stdout ?? ""}${result.stderr ?? ""}` };
}

async function main(args) {
  const needsDatabase = ["migrate", "db"].includes(args[0]);
  if (process.env.DATABASE_URL || !needsDatabase) return runPrisma(args).status;
  const { localDatabase } = await import("./local-default.mjs");
  const database = await localDatabase(process.env);
  try {
    return runPrisma(args, { ...process.env, DATABASE_URL: database.url }).status;
  } finally {
    await database.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(await main(process.argv.slice(2)));
