#!/usr/bin/env node
// Vercel's build (Vercel runs `npm run vercel-build` when package.json has it): migrations
// run for production deployments only, through DIRECT_DATABASE_URL when the app's
// DATABASE_URL is a pooled one (prisma.config.ts); previews build against the schema they
// already have.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The commands a build runs in `env`, in order; throws what is missing. */
export function buildCommands(env) {
  const build = ["npx", "next", "build"];
  if (env.VERCEL_ENV !== "production") return [build];
  if (!env.DIRECT_DATABASE_URL && !env.DATABASE_URL)
    throw new Error("vercel-build: set DIRECT_DATABASE_URL (or DATABASE_URL) to apply migrations.");
  return [["node", "scripts/prisma.mjs", "migrate", "deploy"], build];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const commands = buildCommands(process.env);
  if (commands.length === 1)
    console.log(`vercel-build: ${process.env.VERCEL_ENV ?? "no"} environment, migrations skipped.`);
  for (const [command, ...args] of commands) {
    const result = spawnSync(command, args, { stdio: "inherit" });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}
