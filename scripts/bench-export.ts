// `npm run bench:export [-- N]`: loads N events (default 1,000,000) into PostgreSQL and exports
// them to the emulator (its own process) from a fresh worker process (as a serverless function
// runs it). Then, over the same N events, it measures:
//   - the staging rate: events/s of the export's stage steps (read, write Parquet, PUT);
//   - the ceiling: `COPY (SELECT <the export's columns> … ORDER BY txid, id) TO STDOUT (FORMAT
//     csv)` streamed through gzip level 1 into a file, and the ratio of the two;
//   - bytes staged per event, Parquet against the gzip NDJSON (level 6) that staging wrote before;
//   - the worker's peak RSS (VmHWM);
//   - the emulator's COPY INTO of the Parquet files against NDJSON files of the same events.
// Targets (issue 12): ≤ 2x the ceiling, ≤ half the NDJSON bytes per event, peak RSS < 300 MB
// and flat between 1M and 5M events.
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { to as copyTo } from "pg-copy-streams";
import { fmt, runLaneInWorker, startExportBench } from "./export-bench-setup.ts";

const N = Number(process.argv[2] ?? process.env.BENCH_EVENTS ?? 1_000_000);
const bench = await startExportBench();
const { db, project, destinationId, adminSql } = bench;
const { windowQuery } = await import("../lib/exports/window-query.ts");
const { CSV_SELECT } = await import("../lib/exports/window-csv.ts");
const { writeWindowFiles } = await import("../lib/exports/stage-files.ts");
const { createEventTableSql, copyIntoSql } = await import("../lib/exports/event-table.ts");
const { inlineParameters } = await import("../lib/db/inline-parameters.ts");
const { dbPool } = await import("../lib/db/pool.ts");

const seconds = (since: number) => (performance.now() - since) / 1000;
const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024)} MB`;
const work = mkdtempSync(path.join(tmpdir(), "bench-export-files-"));
try {
  let started = performance.now();
  await bench.loadEvents(N);
  console.log(`loaded      ${fmt(N)} events into PostgreSQL in ${seconds(started).toFixed(1)} s`);
  await bench.makeDue();

  started = performance.now();
  const report = await runLaneInWorker("export", destinationId);
  const total = seconds(started);
  if (report.rows !== N) throw new Error(`the export delivered ${report.rows} of ${N} rows`);
  const [{ n }] = (await adminSql.query("SELECT count(*) AS n FROM main.analytics.bench_events")) as [
    { n: number },
  ];
  if (Number(n) !== N) throw new Error(`the table holds ${n} of ${N} rows`);
  const sum = (prefix: string) =>
    report.steps.filter((s) => s.name.includes(prefix)).reduce((t, s) => t + s.seconds, 0);
  const stageSeconds = sum("stage-");
  const copySeconds = sum("copy-");
  const stagingRate = N / stageSeconds;
  const runs = await db.exportRun.findMany({ where: { destinationId }, orderBy: { queuedAt: "asc" } });
  const parquetBytes = runs.reduce((t, run) => t + Number(run.bytes ?? 0), 0);

  // The same N events as one window: from the first run's start to the last run's end.
  const window = {
    projectId: project.id,
    fromTxid: runs[0]!.fromTxid,
    exportFrom: runs[0]!.exportFrom!,
    toTxid: runs.at(-1)!.toTxid!,
    filter: { eventTypes: null, conditions: [] },
  };

  // The ceiling: PostgreSQL writes the export's columns as CSV, gzip level 1 into a file.
  const { sql, params } = windowQuery(window, CSV_SELECT);
  const client = await dbPool().connect();
  started = performance.now();
  await client.query("SET TimeZone = 'UTC'");
  await pipeline(
    client.query(copyTo(`COPY (${inlineParameters(sql, params)}) TO STDOUT (FORMAT csv)`)),
    createGzip({ level: 1 }),
    createWriteStream(path.join(work, "ceiling.csv.gz")),
  );
  const ceiling = seconds(started);
  client.release();
  const ceilingBytes = statSync(path.join(work, "ceiling.csv.gz")).size;
  rmSync(path.join(work, "ceiling.csv.gz"));

  // Today's format before Parquet, over the same window: gzip NDJSON, and Parquet again, each
  // loaded by the emulator's COPY INTO into a table of its own.
  started = performance.now();
  const ndjson = await writeWindowFiles("NDJSON", window, mkdtempSync(path.join(work, "ndjson-")));
  const ndjsonSeconds = seconds(started);
  const ndjsonBytes = ndjson.reduce((t, f) => t + f.bytes, 0);
  const parquet = await writeWindowFiles("PARQUET", window, mkdtempSync(path.join(work, "parquet-")));
  const copyInto = async (format: "PARQUET" | "JSON", files: typeof parquet) => {
    const table = `bench_copy_${format.toLowerCase()}`;
    const directory = `/Volumes/main/analytics/bench_files/${format.toLowerCase()}`;
    await adminSql.query("CREATE VOLUME IF NOT EXISTS main.analytics.bench_files");
    await adminSql.query(createEventTableSql({ catalog: "main", schema: "analytics", table }, "STRING"));
    for (const file of files)
      await adminSql.query(`PUT '${file.localPath}' INTO '${directory}/${file.name}' OVERWRITE`, {
        stagingAllowedLocalPath: [work],
      });
    const statement = copyIntoSql(
      { catalog: "main", schema: "analytics", table },
      directory,
      files.map((f) => f.name),
      "STRING",
      format,
    );
    const t = performance.now();
    await adminSql.query(statement);
    return seconds(t);
  };
  const copyParquet = await copyInto("PARQUET", parquet);
  const copyNdjson = await copyInto("JSON", ndjson);

  const ratio = stagingRate > 0 ? N / ceiling / stagingRate : Infinity;
  const bytesPerEvent = parquetBytes / N;
  console.log(
    `steps       ${report.steps.length} in ${report.runs} runs; stage ${stageSeconds.toFixed(1)} s, copy ${copySeconds.toFixed(1)} s, longest ${report.steps.reduce((a, b) => (b.seconds > a.seconds ? b : a)).name}`,
  );
  console.log(
    `export      ${fmt(N)} events in ${total.toFixed(1)} s; staging ${fmt(stagingRate)} events/s; without the emulator's COPY INTO ${fmt(N / (total - copySeconds))} events/s`,
  );
  console.log(
    `ceiling     COPY … TO STDOUT (FORMAT csv) + gzip -1: ${ceiling.toFixed(1)} s = ${fmt(N / ceiling)} events/s, ${mb(ceilingBytes)}; staging is ${ratio.toFixed(2)}x the ceiling (target ≤ 2x)`,
  );
  console.log(
    `bytes       Parquet ${mb(parquetBytes)} = ${bytesPerEvent.toFixed(1)} bytes/event; NDJSON gzip-6 ${mb(ndjsonBytes)} = ${(ndjsonBytes / N).toFixed(1)} bytes/event (${fmt(N / ndjsonSeconds)} events/s to write); ratio ${(parquetBytes / ndjsonBytes).toFixed(2)} (target ≤ 0.5)`,
  );
  console.log(
    `memory      worker peak RSS ${mb(report.rssPeak)} (VmHWM), ${mb(report.rssLoaded)} once loaded (target < 300 MB, flat in N)`,
  );
  console.log(
    `copy into   emulator: Parquet ${copyParquet.toFixed(1)} s (${parquet.length} files), NDJSON ${copyNdjson.toFixed(1)} s (${ndjson.length} files) for the same events`,
  );
  console.log(
    `export: ${fmt(stagingRate)} events/s, ${ratio.toFixed(2)}x the ceiling, ${bytesPerEvent.toFixed(1)} bytes/event, peak RSS ${fmt(report.rssPeak / 1024 / 1024)} MB`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
  await dbPool().end();
  await bench.stop();
  process.exit(0);
}
