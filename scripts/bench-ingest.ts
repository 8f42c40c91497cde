// `npm run bench:ingest`: the ingest API of a production build on loopback, loaded from a
// separate process with batches of 100 events; then, as the ceiling, how fast PostgreSQL
// itself takes the same rows with COPY. Targets: ≥ 10,000 events/s sustained, p99 < 250 ms,
// within 3x of the COPY ceiling. BENCH_BUILD=0 reuses an existing .next build.
// BENCH_DISCOVERY=1 runs the event catalog's discovery during the load, as production does (a
// process of its own, a pass every second against the same database), and prints what it read:
// its cost to ingest is the difference from a run without it (budget: 5 %).
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "./embedded-postgres.mjs";
import { startProductionServer } from "./production-server.mjs";

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 20);
// 8 requests in flight saturate the server here; more only add queueing to the latency.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const API_KEY = "d3a1a0f1e5c2b4a6d8e0f2a4c6e8b0d2";
const WITH_DISCOVERY = process.env.BENCH_DISCOVERY === "1";

/** Starts the discovery worker; resolves once its first pass is done (its start-up is not measured). */
async function startDiscoveryWorker(databaseUrl: string) {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/bench-discovery-worker.ts"],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "test" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (output.includes("ready")) {
        clearInterval(poll);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(poll);
        reject(new Error(`the discovery worker exited (${child.exitCode})`));
      }
    }, 50);
  });
  return {
    /** Stops it after its pass under way; what it read. */
    async stop(): Promise<{ passes: number; events: number }> {
      child.kill("SIGTERM");
      await exited;
      return JSON.parse(output.trim().split("\n").at(-1)!) as { passes: number; events: number };
    },
  };
}

const portal = await startProductionServer({
  port: await freePort(),
  build: process.env.BENCH_BUILD !== "0",
  quiet: true,
});
try {
  console.log(
    `portal ${portal.url} (production build, embedded PostgreSQL); ${CONCURRENCY} concurrent requests for ${DURATION_S} s${WITH_DISCOVERY ? "; catalog discovery every second" : ""}`,
  );
  const discovery = WITH_DISCOVERY ? await startDiscoveryWorker(portal.databaseUrl) : null;
  const load = spawnSync(process.execPath, ["--import", "tsx", "scripts/bench-ingest-load.ts"], {
    env: {
      ...process.env,
      TARGET_URL: portal.url,
      API_KEY,
      CONCURRENCY: String(CONCURRENCY),
      DURATION_S: String(DURATION_S),
    },
    encoding: "utf8",
  });
  const discovered = await discovery?.stop();
  if (load.status !== 0) throw new Error(`load generator failed: ${load.stderr}`);
  const result = JSON.parse(load.stdout.trim().split("\n").at(-1)!) as {
    events: number;
    eventsPerSecond: number;
    p50: number;
    p99: number;
    errors: number;
    statuses: Record<string, number>;
  };

  const client = new pg.Client({ connectionString: portal.databaseUrl });
  client.on("error", () => {}); // the server stops at the end; a closing connection is expected
  await client.connect();
  const { rows } = await client.query<{ n: string }>("SELECT count(*)::text AS n FROM events");
  const stored = Number(rows[0]!.n);
  // What the stored events take on disk, per event: the table and each of its indexes, and the
  // de-duplication ids beside them (as ingest wrote them, before the COPY below rewrites them).
  // `events` is partitioned by day: its size, and each of its indexes', is the sum over partitions.
  const sizes = await client.query<{ name: string; bytes: string }>(
    `SELECT name, sum(pg_relation_size(relid))::text AS bytes FROM (
       SELECT 'events' AS name, relid FROM pg_partition_tree('events') WHERE isleaf
       UNION ALL
       SELECT i.indexrelid::regclass::text, t.relid FROM pg_index i, pg_partition_tree(i.indexrelid) t
        WHERE i.indrelid = 'events'::regclass AND t.isleaf
       UNION ALL
       SELECT 'event_insert_ids', 'event_insert_ids'::regclass
       UNION ALL
       SELECT indexrelid::regclass::text, indexrelid FROM pg_index WHERE indrelid = 'event_insert_ids'::regclass
     ) AS parts GROUP BY name ORDER BY sum(pg_relation_size(relid)) DESC`,
  );
  const toast = await client.query<{ bytes: string }>(
    `SELECT coalesce(sum(pg_relation_size(c.reltoastrelid)), 0)::text AS bytes
       FROM pg_partition_tree('events') t JOIN pg_class c ON c.oid = t.relid WHERE t.isleaf AND c.reltoastrelid <> 0`,
  );

  // The ceiling: the same number of rows, as the store wrote them, COPYed into the same table.
  const dir = mkdtempSync(path.join(tmpdir(), "bench-copy-"));
  // The server writes and reads the file as its own user.
  chmodSync(dir, 0o777);
  const file = path.join(dir, "events.csv");
  await client.query(`CREATE TEMP TABLE copy_source AS SELECT * FROM events`);
  await client.query(`COPY copy_source TO '${file}' WITH (FORMAT csv)`);
  await client.query(`TRUNCATE events`);
  const copyStarted = performance.now();
  await client.query(`COPY events FROM '${file}' WITH (FORMAT csv)`);
  const copySeconds = (performance.now() - copyStarted) / 1000;
  await client.end();
  rmSync(dir, { recursive: true, force: true });

  const copyRate = stored / copySeconds;
  const fmt = (n: number) => Math.round(n).toLocaleString("en");
  console.log(
    `ingest      ${fmt(result.events)} events accepted, ${fmt(stored)} stored; ${fmt(result.eventsPerSecond)} events/s (target ≥ 10,000)`,
  );
  console.log(
    `latency     p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms per batch of 100 (target p99 < 250 ms); errors ${result.errors} ${JSON.stringify(result.statuses)}`,
  );
  console.log(
    `COPY        ${fmt(stored)} rows in ${copySeconds.toFixed(2)} s: ${fmt(copyRate)} rows/s (ceiling); ingest is ${(copyRate / result.eventsPerSecond).toFixed(1)}x below it (target ≤ 3x)`,
  );
  const perEvent = (bytes: string) => (Number(bytes) / Math.max(1, stored)).toFixed(0);
  console.log(
    `sizes       bytes per stored event: ${sizes.rows.map((r) => `${r.name} ${perEvent(r.bytes)}`).join(", ")}, events' TOAST ${perEvent(toast.rows[0]?.bytes ?? "0")}`,
  );
  if (discovered)
    console.log(
      `discovery   ${fmt(discovered.events)} of the ${fmt(stored)} stored events read into the catalog during the load, in ${discovered.passes} passes`,
    );
  if (stored !== result.events)
    throw new Error(`accepted ${result.events} events but ${stored} rows are stored`);
} finally {
  await portal.stop();
}
