// `npm run bench:backfill [-- N]`: loads N events (default 5,000,000) uploaded over the 30 days
// before the destination's time floor, backfills them to the emulator (its own process) in
// bounded chunks from a fresh worker process (as a serverless function runs it), and prints
// events/s end to end without the emulator's COPY INTO, the worker's peak RSS (VmHWM), the
// longest single step, and the peak local disk of the staging directory.
// Targets (issue 11): peak RSS flat in N (within 10 % between 1M and 5M) and < 300 MB; the
// longest step does not grow with N.
import { readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fmt, runLaneInWorker, startExportBench } from "./export-bench-setup.ts";

const N = Number(process.argv[2] ?? process.env.BENCH_EVENTS ?? 5_000_000);
const bench = await startExportBench();
const { db, project, destinationId, adminSql } = bench;
const { startBackfill } = await import("../lib/destinations/backfills.ts");
const { startOfDayUtc } = await import("../lib/exports/schedule.ts");

/** Bytes in the staging directories (one file, and its CSV, at a time is the design). */
function stagingBytes(): number {
  let bytes = 0;
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith("deltaport-")) continue;
    const directory = path.join(tmpdir(), entry);
    try {
      for (const file of readdirSync(directory)) bytes += statSync(path.join(directory, file)).size;
    } catch {
      // removed meanwhile
    }
  }
  return bytes;
}

let peakDisk = 0;
const sampler = setInterval(() => (peakDisk = Math.max(peakDisk, stagingBytes())), 100);
try {
  const floor = startOfDayUtc(new Date());
  await db.destination.update({ where: { id: destinationId }, data: { exportFrom: floor } });
  let started = performance.now();
  await bench.loadEvents(N, floor); // uploaded over the 30 days before the floor
  console.log(
    `loaded      ${fmt(N)} events over 30 days in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  // Loaded straight into the table, they wait in its DEFAULT partition; the scheduler's next
  // tick gives each day its partition, where ingest would have put them.
  started = performance.now();
  const { ensureEventPartitions } = await import("../lib/events/partitions.ts");
  const days = await ensureEventPartitions();
  console.log(
    `partitions  ${days.length} days made and filled from DEFAULT in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
  const destination = await db.destination.findUniqueOrThrow({ where: { id: destinationId } });
  const actor = { userId: admin.id, organizationId: project.organizationId, projectId: project.id };
  started = performance.now();
  const backfill = await startBackfill(actor, destination, {
    backfillFrom: new Date(floor.getTime() - 30 * 86_400_000).toISOString().slice(0, 10),
    redeliver: false,
  });
  console.log(
    `estimate    ${backfill.estimatedRows === null ? "not counted within 5 s" : fmt(backfill.estimatedRows)} events, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  started = performance.now();
  const report = await runLaneInWorker("backfill", backfill.id);
  const total = (performance.now() - started) / 1000;
  const state = await db.backfill.findUniqueOrThrow({ where: { id: backfill.id } });
  if (state.status !== "COMPLETED" || report.rows !== N)
    throw new Error(`backfill ${state.status} with ${report.rows} of ${N} rows`);
  const { steps } = report;
  const copySeconds = steps.filter((s) => s.name.includes("copy-")).reduce((sum, s) => sum + s.seconds, 0);
  const longest = steps.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  const [{ n }] = (await adminSql.query("SELECT count(*) AS n FROM main.analytics.bench_events")) as [
    { n: number },
  ];
  console.log(
    `backfill    ${fmt(report.rows)} events in ${state.chunksDone} chunks, ${steps.length} steps, ${total.toFixed(1)} s; without the emulator's COPY INTO ${(total - copySeconds).toFixed(1)} s: ${fmt(N / (total - copySeconds))} events/s; table holds ${fmt(n)}`,
  );
  console.log(
    `steps       longest: ${longest.name} ${longest.seconds.toFixed(2)} s (target: not growing with N)`,
  );
  console.log(
    `memory      worker peak RSS ${fmt(report.rssPeak / 1024 / 1024)} MB (VmHWM), ${fmt(report.rssLoaded / 1024 / 1024)} MB once loaded (target < 300 MB, flat in N)`,
  );
  console.log(`disk        peak local staging ${fmt(peakDisk / 1024 / 1024)} MB (one file at a time)`);
} finally {
  clearInterval(sampler);
  await bench.stop();
}
