// `npm run bench:export [-- N]`: loads N events (default 1,000,000) into PostgreSQL, runs one
// export of them to the emulator (run as its own process), and prints events/s end to end
// without the emulator's own COPY INTO, the peak RSS of this process, and the ceiling on this
// machine: PostgreSQL rendering the same rows and gzip compressing them (COPY … TO PROGRAM).
// Targets: ≥ 50,000 events/s, peak RSS < 300 MB whatever N is, within 2x of the ceiling.
import { fmt, startExportBench } from "./export-bench-setup.ts";

const N = Number(process.argv[2] ?? process.env.BENCH_EVENTS ?? 1_000_000);
const bench = await startExportBench();
const { db, project, destinationId, adminSql } = bench;
const { exportDestination } = await import("../lib/exports/export-workflow.ts");
const { localStep } = await import("../inngest/local-runner.ts");
const { windowQuery } = await import("../lib/exports/stage-files.ts");
const { dbPool } = await import("../lib/db/pool.ts");

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
try {
  let started = performance.now();
  await bench.loadEvents(N);
  console.log(
    `loaded      ${fmt(N)} events into PostgreSQL in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await bench.makeDue();

  const stepSeconds: Record<string, number> = {};
  const inner = localStep({ maxAttempts: 1 });
  const rssBefore = process.memoryUsage().rss;
  peakRss = 0;
  started = performance.now();
  const outcome = await exportDestination(
    {
      run: async (name, work) => {
        const t = performance.now();
        try {
          return await inner.run(name, work);
        } finally {
          stepSeconds[name] = (performance.now() - t) / 1000;
        }
      },
    },
    destinationId,
    "bench",
  );
  const total = (performance.now() - started) / 1000;
  if (outcome.status !== "succeeded" || outcome.rows !== N)
    throw new Error(`export ${outcome.status} with ${outcome.rows} rows`);
  const copySeconds = Object.entries(stepSeconds)
    .filter(([name]) => name.startsWith("copy"))
    .reduce((sum, [, seconds]) => sum + seconds, 0);
  const withoutCopy = total - copySeconds;
  const [{ n }] = (await adminSql.query("SELECT count(*) AS n FROM main.analytics.bench_events")) as [
    { n: number },
  ];

  // The ceiling: PostgreSQL renders the same lines and gzip compresses them.
  const run = await db.exportRun.findFirstOrThrow({ where: { destinationId } });
  const query = windowQuery({
    projectId: project.id,
    fromTxid: run.fromTxid,
    exportFrom: run.exportFrom!,
    toTxid: run.toTxid!,
    filter: { eventTypes: null, conditions: [] },
  });
  const literal = (value: unknown) => `'${String(value).replaceAll("'", "''")}'`;
  const inlined = query.sql.replace(/\$(\d+)/g, (_match, index: string) =>
    literal(query.params[Number(index) - 1]),
  );
  started = performance.now();
  await dbPool().query(`COPY (SELECT line FROM (${inlined}) AS q) TO PROGRAM 'gzip -6 > /dev/null'`);
  const ceiling = (performance.now() - started) / 1000;

  console.log(
    `steps       ${Object.entries(stepSeconds)
      .map(([name, s]) => `${name} ${s.toFixed(2)} s`)
      .join(", ")}`,
  );
  console.log(
    `export      ${fmt(outcome.rows)} events in ${total.toFixed(1)} s; without the emulator's COPY INTO ${withoutCopy.toFixed(1)} s: ${fmt(N / withoutCopy)} events/s (target ≥ 50,000); table holds ${fmt(n)}`,
  );
  console.log(
    `memory      peak RSS during the export ${fmt(peakRss / 1024 / 1024)} MB, ${fmt(rssBefore / 1024 / 1024)} MB before it (target < 300 MB)`,
  );
  console.log(
    `ceiling     COPY … TO PROGRAM gzip: ${ceiling.toFixed(1)} s = ${fmt(N / ceiling)} events/s; the export is ${(withoutCopy / ceiling).toFixed(1)}x the ceiling (target ≤ 2x)`,
  );
} finally {
  clearInterval(sampler);
  await dbPool().end();
  await bench.stop();
  process.exit(0);
}
