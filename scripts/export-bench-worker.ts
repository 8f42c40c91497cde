// The export benchmarks' worker: a fresh process, as a serverless function invocation is, that
// delivers one lane of one destination until nothing is left (`export <destinationId>` or
// `backfill <backfillId>`), then prints one JSON line: rows, runs, each step's duration, its
// RSS once loaded, and its peak RSS as the kernel counts it (VmHWM, not a sample). The parent
// (export-bench-setup.ts) owns PostgreSQL, the emulator and the issuer, and passes their
// addresses in the environment. With BENCH_DEBUG set, each step prints its memory to stderr.
import { readFileSync } from "node:fs";

const [lane, id] = process.argv.slice(2);
if ((lane !== "export" && lane !== "backfill") || !id) throw new Error("usage: export|backfill <id>");

/** A line of /proc/self/status, in bytes. */
const statusBytes = (field: "VmRSS" | "VmHWM") =>
  Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"))![1]) *
  1024;

const { exportBackfill, exportDestination } = await import("../lib/exports/export-workflow.ts");
const { localStep } = await import("../inngest/local-runner.ts");
const { dbPool } = await import("../lib/db/pool.ts");
const { db } = await import("../lib/db/prisma.ts");

const rssLoaded = statusBytes("VmRSS");
const debug = Boolean(process.env.BENCH_DEBUG);
const mb = (bytes: number) => Math.round(bytes / 1048576);

// With BENCH_DEBUG: each step's peak RSS (sampled every 10 ms) and what V8 held at that moment,
// to tell the JavaScript heap from native memory (DuckDB, buffers).
let stepPeak = { rss: 0, heapTotal: 0, external: 0 };
if (debug)
  setInterval(() => {
    const { rss, heapTotal, external } = process.memoryUsage();
    if (rss > stepPeak.rss) stepPeak = { rss, heapTotal, external };
  }, 10).unref();

const steps: { name: string; seconds: number }[] = [];
const inner = localStep({ maxAttempts: 1 });
const step = {
  run: async <T>(name: string, work: () => Promise<T>) => {
    const started = performance.now();
    try {
      return await inner.run(name, work);
    } finally {
      steps.push({ name, seconds: (performance.now() - started) / 1000 });
      if (debug) {
        const { rss, heapTotal, external } = stepPeak;
        console.error(
          `${name}: peak RSS ${mb(rss)} MB (V8 heap ${mb(heapTotal)} MB, external ${mb(external)} MB); after it ${mb(statusBytes("VmRSS"))} MB; process peak ${mb(statusBytes("VmHWM"))} MB`,
        );
        stepPeak = { rss: 0, heapTotal: 0, external: 0 };
      }
    }
  },
};
let rows = 0;
let runs = 0;
// Each call delivers runs until its step budget; the scheduler's next dispatch goes on.
for (;;) {
  const outcome =
    lane === "export" ? await exportDestination(step, id, "bench") : await exportBackfill(step, id, "bench");
  rows += outcome.rows;
  runs += outcome.runs;
  if (outcome.status !== "succeeded" || outcome.rows === 0) break;
}
await dbPool().end();
await db.$disconnect();
console.log(JSON.stringify({ rows, runs, steps, rssLoaded, rssPeak: statusBytes("VmHWM") }));
process.exit(0);
