// `npm run bench:latency`: time from ingest to row in the table, for a 15-minute destination
// under a steady stream, on a simulated clock: events "arrive" uniformly through each simulated
// minute; the scheduler fires on minute boundaries as Inngest's cron does; each due run is the
// real export (real PostgreSQL, driver, emulator), and its real duration is added to the clock.
// Target: p95 ≤ 16 minutes (the seed promises about 20).
import { startExportBench } from "./export-bench-setup.ts";

const HOURS = Number(process.env.BENCH_HOURS ?? 3);
const EVENTS_PER_MINUTE = Number(process.env.BENCH_EVENTS_PER_MINUTE ?? 200);
const FREQUENCY = 15;
const bench = await startExportBench(FREQUENCY);
const { project, destinationId } = bench;
const { exportDestination } = await import("../lib/exports/export-workflow.ts");
const { localStep } = await import("../inngest/local-runner.ts");
const { storeEvents } = await import("../lib/ingest/store-events.ts");
const { dbPool } = await import("../lib/db/pool.ts");

const latencies: number[] = [];
let waiting: number[] = []; // simulated ingest times (s) of events not delivered yet
const runSeconds: number[] = [];
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
    for (const time of waiting) latencies.push(tick * 60 + seconds - time);
    waiting = [];
  }
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => latencies[Math.floor((p / 100) * (latencies.length - 1))]!;
  const minutes = (s: number) => `${(s / 60).toFixed(2)} min`;
  console.log(
    `simulated   ${HOURS} h at ${EVENTS_PER_MINUTE} events/min, every ${FREQUENCY} min: ${runSeconds.length} runs, ${latencies.length.toLocaleString("en")} events`,
  );
  console.log(
    `runs        ${Math.min(...runSeconds).toFixed(2)}–${Math.max(...runSeconds).toFixed(2)} s each (real)`,
  );
  console.log(
    `latency     p50 ${minutes(percentile(50))}, p95 ${minutes(percentile(95))}, max ${minutes(latencies.at(-1)!)} from ingest to row in the table (target p95 ≤ 16 min)`,
  );
} finally {
  await dbPool().end();
  await bench.stop();
  process.exit(0);
}
