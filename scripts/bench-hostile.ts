// `npm run bench:hostile`: a production build on loopback under hostile ingest traffic. For
// DURATION_S seconds (default 20) a separate process sends 8 concurrent 19 MB /batch bodies
// again and again, while this process loads the sign-in page and the JWKS one after another.
// Shapes: nested (3 million levels, issue 14's case), wide (valid JSON within the depth limit,
// an unknown key) and wide-keyed (the same with the demo project's key: parsed, one at a time
// under the byte budget). Prints, per shape, the attack's answers, the other client's
// latencies (target: p99 within 1 s) and the server's peak RSS (VmHWM of the server's
// processes). Bound: 1 GiB. A 19 MB body of small objects with a known key parses into about
// 450 MB of heap: peaks of 600-790 MB were measured for that shape, under 400 MB for the others.
// BENCH_BUILD=0 reuses an existing .next build.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { freePort } from "./embedded-postgres.mjs";
import { startProductionServer } from "./production-server.mjs";

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 20);
const CONCURRENCY = 8;
/** The demo project's key, as the production server's seed writes it (prisma/seed.ts). */
const DEMO_API_KEY = "d3a1a0f1e5c2b4a6d8e0f2a4c6e8b0d2";
const RSS_BOUND_MB = 1024;
const shapes = (process.argv[2] ?? "nested,wide,wide-keyed").split(",");

/** The server's process and its descendants (next start may run its server in a child). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, "utf8"))![1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

function statusKb(pid: number, field: string): number {
  try {
    return Number(
      new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1],
    );
  } catch {
    return 0;
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

const portal = await startProductionServer({
  port: await freePort(),
  build: process.env.BENCH_BUILD !== "0",
  quiet: true,
});
let failed = false;
try {
  console.log(
    `portal ${portal.url} (production build); ${CONCURRENCY} concurrent 19 MB bodies for ${DURATION_S} s per shape`,
  );
  for (const shape of shapes) {
    // Warm: the pages compiled and cached as a visitor would find them.
    for (const path of ["/signin", "/.well-known/jwks.json"])
      await (await fetch(`${portal.url}${path}`)).text();
    const pids = processTree(portal.server.pid!);
    // Resets the peak (VmHWM) of each server process, so each shape reports its own.
    for (const pid of pids) spawn("sh", ["-c", `echo 5 > /proc/${pid}/clear_refs`]);
    const rssBefore = pids.reduce((sum, pid) => sum + statusKb(pid, "VmRSS"), 0);

    const attack = spawn(process.execPath, ["--import", "tsx", "scripts/bench-hostile-load.ts"], {
      env: {
        ...process.env,
        TARGET_URL: portal.url,
        API_KEY: DEMO_API_KEY,
        CONCURRENCY: String(CONCURRENCY),
        DURATION_S: String(DURATION_S),
        SHAPE: shape,
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let attackOutput = "";
    attack.stdout.on("data", (chunk) => (attackOutput += chunk));
    const attackDone = new Promise<void>((resolve) => attack.once("exit", () => resolve()));

    await new Promise((resolve) => setTimeout(resolve, 1000)); // the attack under way
    const latencies: Record<string, number[]> = { "/signin": [], "/.well-known/jwks.json": [] };
    const failures: string[] = [];
    const deadline = performance.now() + (DURATION_S - 2) * 1000;
    while (performance.now() < deadline) {
      for (const path of Object.keys(latencies)) {
        const started = performance.now();
        try {
          const response = await fetch(`${portal.url}${path}`, { signal: AbortSignal.timeout(10_000) });
          await response.text();
          if (response.status !== 200) failures.push(`${path} ${response.status}`);
        } catch (error) {
          failures.push(`${path} ${(error as Error).name}`);
        }
        latencies[path]!.push(performance.now() - started);
      }
    }
    await attackDone;
    const peakMb = pids.reduce((sum, pid) => sum + statusKb(pid, "VmHWM"), 0) / 1024;
    const attackReport = JSON.parse(attackOutput.trim().split("\n").at(-1) ?? "{}");

    console.log(
      `\n${shape}: ${attackReport.sent} bodies of ${(attackReport.bytes / 1048576).toFixed(1)} MB sent, answers ${JSON.stringify(attackReport.statuses)}`,
    );
    for (const [path, values] of Object.entries(latencies)) {
      const sorted = [...values].sort((a, b) => a - b);
      const p99 = percentile(sorted, 0.99);
      if (p99 > 1000) failed = true;
      console.log(
        `  ${path.padEnd(24)} ${sorted.length} requests, p50 ${percentile(sorted, 0.5).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms (target p99 ≤ 1000 ms)`,
      );
    }
    if (failures.length) {
      failed = true;
      console.log(`  failed requests: ${failures.length} (${[...new Set(failures)].join(", ")})`);
    }
    if (peakMb > RSS_BOUND_MB) failed = true;
    console.log(
      `  server RSS ${Math.round(rssBefore / 1024)} MB before, peak ${Math.round(peakMb)} MB (bound ${RSS_BOUND_MB} MB)`,
    );
  }
} finally {
  await portal.stop();
}
if (failed) {
  console.log("\nhostile: a target was missed");
  process.exitCode = 1;
}
