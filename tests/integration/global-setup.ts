// Gives each integration run a fresh, migrated database on a real PostgreSQL server:
// the one DATABASE_URL names, or else an embedded one started for this run only.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { randomBytes } from "node:crypto";
import { freePort, startEmbeddedPostgres } from "../../scripts/embedded-postgres.mjs";
import { loadOrCreateTls } from "../../emulator/tls.ts";
import { runPrisma } from "../../scripts/prisma.mjs";

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export default async function setup() {
  let stopServer: (() => Promise<void>) | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), "deltaport-test-")), "postgres");
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
    stopServer = server.stop;
    serverUrl = server.urlFor("postgres");
  }
  const maintenanceUrl = withDatabase(serverUrl, "postgres");
  const database = `deltaport_test_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: maintenanceUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();

  const url = withDatabase(serverUrl, database);
  const migration = runPrisma(["migrate", "deploy"], { ...process.env, DATABASE_URL: url }, { quiet: true });
  if (migration.status !== 0) throw new Error(`prisma migrate deploy failed:\n${migration.output}`);
  // Workers inherit this environment: lib/env.ts reads it like the app does.
  process.env.DATABASE_URL = url;
  process.env.TEST_MAINTENANCE_DATABASE_URL = maintenanceUrl;
  // The issuer that tests serve (tests/support/deltaport-issuer.ts), on a port fixed for the run,
  // and one emulator CA for every emulator the tests start, since lib/ reads its settings once.
  process.env.ISSUER_URL = `http://127.0.0.1:${await freePort()}`;
  process.env.KEY_ENCRYPTION_KEY = randomBytes(32).toString("base64");
  const tlsDir = path.join(mkdtempSync(path.join(tmpdir(), "deltaport-test-tls-")), "tls");
  process.env.DATABRICKS_CA_CERT_FILE = loadOrCreateTls(tlsDir).caCertPath;
  process.env.TEST_EMULATOR_TLS_DIR = tlsDir;
  // Alerts go to a webhook that the alert tests listen on.
  process.env.ALERT_WEBHOOK_URL = `http://127.0.0.1:${await freePort()}/alerts`;
  // E-mails go to tests/support/smtp-capture.ts. No credentials: the capture server offers no
  // STARTTLS, and credentials are only ever sent over TLS (tests/integration/mail).
  process.env.SMTP_URL = `smtp://127.0.0.1:${await freePort()}`;
  process.env.MAIL_FROM = "deltaport-alerts@acme.test";
  // The app's JSON logs go to a file of the run (a test that scans them names its own).
  // Tests receive webhooks on loopback, which the portal refuses unless told.
  process.env.WEBHOOK_ALLOW_PRIVATE_HOSTS = "1";
  process.env.LOG_FILE = path.join(tmpdir(), `deltaport-test-${process.pid}.log`);
  // Files date events back and run scheduler ticks on the real clock: retention must not drop
  // another file's days. The retention tests pass their own retention and clock.
  process.env.EVENT_RETENTION_DAYS = "3650";

  return async () => {
    const client = new pg.Client({ connectionString: maintenanceUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.end();
    await stopServer?.();
  };
}
