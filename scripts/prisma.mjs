#!/usr/bin/env node
// Runs the Prisma CLI with our offline schema engine (scripts/prisma-schema-engine.mjs),
// since the native engine binary cannot be downloaded here. Usage: node scripts/prisma.mjs <args>.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const engine = fileURLToPath(new URL("./prisma-schema-engine.mjs", import.meta.url));
const cli = require.resolve("prisma/build/index.js");

export function runPrisma(args, env = process.env) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    stdio: "inherit",
    env: { ...env, PRISMA_SCHEMA_ENGINE_BINARY: engine, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
  });
  return result.status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(runPrisma(process.argv.slice(2)));
