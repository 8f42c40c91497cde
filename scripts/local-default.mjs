// The local default's pieces, shared by the dev launcher and the operator commands run
// locally: generated secrets in .data/, and the embedded database when DATABASE_URL is unset.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, startEmbeddedPostgres } from "./embedded-postgres.mjs";

export const root = fileURLToPath(new URL("..", import.meta.url));
export const dataDir = path.join(root, ".data");

/** Secrets the local default needs, generated once and kept in the git-ignored .data/. */
export function localSecrets() {
  const file = path.join(dataDir, "local-secrets.json");
  mkdirSync(dataDir, { recursive: true });
  const secrets = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  secrets.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
  secrets.KEY_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

/** `env` with the local secrets filled in where unset. */
export function withLocalSecrets(env) {
  const filled = { ...env };
  for (const [name, value] of Object.entries(localSecrets())) filled[name] ??= value;
  return filled;
}

/** Starts the embedded database (.data/postgres) unless DATABASE_URL is set; returns its URL and a stop(). */
export async function localDatabase(env, { port } = {}) {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, stop: async () => {}, embedded: false };
  const pgPort = Number(port || (await freePort()));
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: pgPort });
  await postgres.ensureDatabase("deltaport");
  return { url: postgres.urlFor("deltaport"), stop: () => postgres.stop(), embedded: true, port: pgPort };
}
