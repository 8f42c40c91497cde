export {};

// The attacking side of `npm run bench:hostile`, run as its own process: CONCURRENCY loops that
// POST a 19 MB body to TARGET_URL/batch again and again for DURATION_S seconds, then print
// JSON with the answers' statuses. SHAPE=nested: one event whose properties nest 3 million
// levels deep (what blocked the process for 8.7 s before issue 14); SHAPE=wide: valid JSON
// within the depth limit, a million small objects in a field the validator ignores;
// SHAPE=wide-keyed: the same with the demo project's API key (API_KEY), so that it is parsed.
const target = process.env.TARGET_URL!;
const concurrency = Number(process.env.CONCURRENCY ?? 8);
const durationMs = Number(process.env.DURATION_S ?? 20) * 1000;
const shape = process.env.SHAPE ?? "nested";
const SIZE = 19 * 1024 * 1024;

function body(): Buffer {
  const key = shape === "wide-keyed" ? process.env.API_KEY! : "not-a-key-of-anyone";
  const head = `{"api_key":"${key}","events":[{"event_type":"x","device_id":"attacker-1"`;
  if (shape === "nested") {
    const levels = Math.floor((SIZE - head.length) / 6);
    return Buffer.from(`${head},"event_properties":${'{"a":'.repeat(levels)}1${"}".repeat(levels)}}]}`);
  }
  const item = '{"k":[1,"v"]},';
  const items = Math.floor((SIZE - head.length) / item.length);
  return Buffer.from(`${head}}],"pad":[${item.repeat(items)}{}]}`);
}

const payload = new Uint8Array(body());
const statuses: Record<string, number> = {};
let sent = 0;
const deadline = performance.now() + durationMs;

async function attacker() {
  while (performance.now() < deadline) {
    try {
      const response = await fetch(`${target}/batch`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: payload,
      });
      await response.arrayBuffer();
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code ?? "error";
      statuses[code] = (statuses[code] ?? 0) + 1;
    }
    sent++;
  }
}

await Promise.all(Array.from({ length: concurrency }, attacker));
console.log(JSON.stringify({ sent, bytes: payload.length, statuses }));
