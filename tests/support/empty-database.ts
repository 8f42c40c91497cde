import pg from "pg";

/**
 * Runs `body` with the URL of a new, empty database on the tests' server (the global setup
 * migrated the run's own database; these tests start from nothing), dropped afterwards.
 */
export async function withEmptyDatabase(prefix: string, body: (url: string) => Promise<void>) {
  const maintenanceUrl = process.env.TEST_MAINTENANCE_DATABASE_URL!;
  const name = `${prefix}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: maintenanceUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(maintenanceUrl);
  url.pathname = `/${name}`;
  try {
    await body(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}
