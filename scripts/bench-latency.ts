// `npm run bench:latency`: time from ingest to row in the table, for a 15-minute destination
// under a steady stream, on a simulated clock: events "arrive" uniformly through each simulated
// minute; the scheduler fires on minute boundaries as Inngest's cron does; each due run is the
// real export (real PostgreSQL, driver, emulator), and its real duration is added to the clock.
// Target: p95 ≤ 16 minutes (the seed promises about 20). With BENCH_BACKFILL=N (default
// 1,000,000; 0 for none), a backfill of N events uploaded over the previous 30 days runs at the
// same time, as its own lane, as it would beside the recurring export.
import { startExportBench } from "./export-bench-setup.ts";

const HOURS = Number(process.env.BENCH_HOURS ?? 3);
const EVENTS_PER_MINUTE = Number(process.env.BENCH_EVENTS_PER_MINUTE ?? 200);
const BACKFILL = Number(process.env.BENCH_BACKFILL ?? 1_000_000);
const FREQUENCY = 15;
const bench = await startExportBench(FREQUENCY);
const { project, destinationId } = bench;
const { exportDestination } = await import("../lib/exports/export-workflow.ts");
const { localStep } = await import("../inngest/local-runner.ts");
const { storeEvents } = await import("../lib/ingest/store-events.ts");
const { dbPool } = await import("../lib/db/pool.ts");
const { exportBackfill } = await import("../lib/exports/export-workflow.ts");
const { startBackfill } = await import("../lib/destinations/backfills.ts");
const { startOfDayUtc } = await import("../lib/exports/schedule.ts");

/** Loads the history and starts the backfill (before the simulated clock starts). */
async function startHistoryBackfill(): Promise<string> {
  const { db } = bench;
  const destination = await db.destination.findUniqueOrThrow({ where: { id: destinationId } });
  const floor = startOfDayUtc(new Date());
  await db.destination.update({ where: { id: destinationId }, data: { exportFrom: floor } });
  await bench.loadEvents(BACKFILL, floor);
  const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
  const backfill = await startBackfill(
    { userId: admin.id, organizationId: project.organizationId, projectId: project.id },
    { ...destination, exportFrom: floor },
    {
      backfillFrom: new Date(floor.getTime() - 30 * 86_400_000).toISOString().slice(0, 10),
      redeliver: false,
    },
  );
  return backfill.id;
}

/** Runs the backfill's lane, as the local runner would, until it has delivered everything. */
async function runBackfill(backfillId: string): Promise<{ seconds: number; rows: number }> {
  const started = performance.now();
  let rows = 0;
  for (;;) {
    const outcome = await exportBackfill(localStep({ maxAttempts: 3 }), backfillId, "bench-backfill");
    rows += outcome.rows;
    if (outcome.status !== "succeeded") break;
  }
  return { seconds: (performance.now() - started) / 1000, rows };
}

const latencies: number[] = [];
let waiting: number[] = []; // simulated ingest times (s) of events not delivered yet
const runSeconds: number[] = [];
let backfillDone = BACKFILL === 0;
const backfillId = BACKFILL > 0 ? await startHistoryBackfill() : null;
const backfilling = backfillId ? runBackfill(backfillId).finally(() => (backfillDone = true)) : null;
let runsBesideBackfill = 0;
try {
  for (let minute = 0; minute < HOURS * 60; minute++) {
    const times = Array.from({ length: EVENTS_PER_MINUTE }, () => minute * 60 + Math.random() * 60);
    await storeEvents(
      { id: project.id, appId: project.appId },
      times.map((_, i) => ({
        index: i,
        eventType: "tick",
        deviceId: `latency-device-${i % 100}`,
        userId: null,
        time: null,
        insertId: null,
        raw: {},
      })),
      { receivedAt: new Date(), requestIp: null },
    );
    waiting.push(...times);
    const tick = minute + 1; // the cron fires at the end of this minute
    if (tick % FREQUENCY !== 0) continue;
    await bench.makeDue();
    const started = performance.now();
    const outcome = await exportDestination(localStep({ maxAttempts: 3 }), destinationId, "bench");
    const seconds = (performance.now() - started) / 1000;
    if (outcome.status !== "succeeded" || outcome.rows !== waiting.length)
      throw new Error(`run ${outcome.status}: ${outcome.rows} rows for ${waiting.length} waiting`);
    runSeconds.push(seconds);
    if (!backfillDone) runsBesideBackfill++;
    for (const time of waiting) latencies.push(tick * 60 + seconds - time);
    waiting = [];
  }
  const backfill = await backfilling;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => latencies[Math.floor((p / 100) * (latencies.length - 1))]!;
  const minutes = (s: number) => `${(s / 60).toFixed(2)} min`;
  console.log(
    `simulated   ${HOURS} h at ${EVENTS_PER_MINUTE} events/min, every ${FREQUENCY} min: ${runSeconds.length} runs, ${latencies.length.toLocaleString("en")} events`,
  );
  if (backfill)
    console.log(
      `backfill    ${backfill.rows.toLocaleString("en")} events in ${backfill.seconds.toFixed(1)} s, alongside ${runsBesideBackfill} of the ${runSeconds.length} recurring runs`,
    );
  console.log(
    `runs        ${Math.min(...runSeconds).toFixed(2)}–${Math.max(...runSeconds).toFixed(2)} s each (real)`,
  );
  console.log(
    `latency     p50 ${minutes(percentile(50))}, p95 ${minutes(percentile(95))}, max ${minutes(latencies.at(-1)!)} from ingest to row in the table (target p95 ≤ 16 min)`,
  );
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await backfilling?.catch(() => undefined);
  await dbPool().end();
  await bench.stop();
  process.exit(process.exitCode ?? 0);
}
