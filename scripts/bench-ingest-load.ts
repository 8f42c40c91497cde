export {};

// The load side of `npm run bench:ingest`, run as its own process: POSTs batches of 100
// events to TARGET_URL with CONCURRENCY requests in flight for DURATION_S seconds, then
// prints JSON with the counts and latencies.
const target = process.env.TARGET_URL!;
const apiKey = process.env.API_KEY!;
const concurrency = Number(process.env.CONCURRENCY ?? 16);
const durationMs = Number(process.env.DURATION_S ?? 20) * 1000;
const BATCH = 100;
const DEVICES = 50_000;

let sequence = 0;
function batch(): string {
  const events = Array.from({ length: BATCH }, () => {
    const n = sequence++;
    return {
      event_type: ["page_view", "click", "search", "purchase"][n % 4],
      device_id: `bench-device-${n % DEVICES}`,
      user_id: n % 3 ? `bench-user-${n % 20_000}` : undefined,
      insert_id: `bench-${process.pid}-${n}`,
      time: Date.now(),
      session_id: Date.now() - (n % 600) * 1000,
      platform: "Web",
      os_name: "Chrome",
      country: "Germany",
      event_properties: { path: `/p/${n % 997}`, price: (n % 1000) / 10, ab: n % 2 ? "A" : "B" },
      user_properties: { plan: n % 5 ? "free" : "pro" },
    };
  });
  return JSON.stringify({ api_key: apiKey, events });
}

const latencies: number[] = [];
let events = 0;
let errors = 0;
const statuses: Record<number, number> = {};
const started = performance.now();
const deadline = started + durationMs;

async function worker() {
  while (performance.now() < deadline) {
    const body = batch();
    const t = performance.now();
    try {
      const response = await fetch(`${target}/batch`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      await response.arrayBuffer();
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      if (response.status === 200) {
        events += BATCH;
        latencies.push(performance.now() - t);
      } else errors++;
    } catch {
      errors++;
    }
  }
}

await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const percentile = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
console.log(
  JSON.stringify({
    events,
    seconds,
    eventsPerSecond: events / seconds,
    p50: percentile(50),
    p99: percentile(99),
    errors,
    statuses,
  }),
);
