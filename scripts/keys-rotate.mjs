#!/usr/bin/env node
// `npm run keys:rotate`: rotates the issuer's signing key (scripts/rotate-signing-key.ts) with
// the deployment's DATABASE_URL and KEY_ENCRYPTION_KEY, or locally with the embedded default's.
import { spawnSync } from "node:child_process";
import { localDatabase, root, withLocalSecrets } from "./local-default.mjs";

const env = process.env.DATABASE_URL ? { ...process.env } : withLocalSecrets(process.env);
const database = await localDatabase(env);
try {
  const { status } = spawnSync(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      "scripts/rotate-signing-key.ts",
      ...process.argv.slice(2),
    ],
    {
      cwd: root,
      env: { ...env, DATABASE_URL: database.url },
      stdio: "inherit",
    },
  );
  process.exitCode = status ?? 1;
} finally {
  await database.stop();
}
