// `npm run bench:emulator`: stages a ~100 MB gzip NDJSON file of realistic events through
// the real driver (PUT) and loads it with COPY INTO, printing the times and rows/s.
// Target: COPY INTO ≥ 100,000 rows/s, so the emulator is never what slows an export benchmark.
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createGzip } from "node:zlib";
import { once } from "node:events";
import { startEmulator } from "../emulator/index.ts";
import { connectSql } from "../tests/support/emulator-client.ts";

const TARGET_BYTES = Number(process.env.BENCH_GZIP_MB ?? 100) * 1024 * 1024;
const EVENT_TYPES = ["page_view", "button_click", "signup", "purchase", "search", "add_to_cart", "$identify"];
const PLATFORMS = ["Web", "iOS", "Android"];

function event(n: number) {
  const time = Date.UTC(2026, 10, 24) + n * 37;
  const device = `device-${n % 50_000}`;
  return {
    uuid: `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`,
    event_time: new Date(time).toISOString(),
    event_type: EVENT_TYPES[n % EVENT_TYPES.length],
    user_id: n % 3 ? `user-${n % 20_000}` : null,
    device_id: device,
    amplitude_id: 10_000_000 + (n % 50_000),
    event_properties: JSON.stringify({
      path: `/products/${n % 997}`,
      price: (n % 1000) / 10,
      query: `q${n % 313}`,
      ab: n % 2 ? "A" : "B",
    }),
    user_properties: JSON.stringify({ plan: n % 5 ? "free" : "pro", country: "DE", visits: n % 71 }),
    groups: "{}",
    group_properties: "{}",
    data: "{}",
    server_received_time: new Date(time + 120).toISOString(),
    server_upload_time: new Date(time + 150).toISOString(),
    client_event_time: new Date(time).toISOString(),
    client_upload_time: new Date(time + 100).toISOString(),
    session_id: time - (n % 600) * 1000,
    event_id: n,
    app: 1,
    insert_id: `ins-${n}-${(n * 2654435761) % 4294967296}`,
    platform: PLATFORMS[n % 3],
    os_name: "Chrome",
    os_version: String(120 + (n % 9)),
    device_type: "Mac",
    country: "Germany",
    city: ["Berlin", "Hamburg", "Munich"][n % 3],
    language: "de-DE",
    ip_address: `10.${n % 256}.${(n >> 8) % 256}.${(n >> 16) % 256}`,
    location_lat: 52.52 + (n % 100) / 1000,
    location_lng: 13.4 + (n % 100) / 1000,
    library: "amplitude-node/1.5.73",
    amplitude_attribution_ids: [],
  };
}

async function writeEvents(file: string): Promise<number> {
  const gzip = createGzip({ level: 6 });
  const out = createWriteStream(file);
  gzip.pipe(out);
  let rows = 0;
  let batch: string[] = [];
  while (out.bytesWritten < TARGET_BYTES) {
    batch.push(JSON.stringify(event(rows++)));
    if (batch.length === 5000) {
      if (!gzip.write(`${batch.join("\n")}\n`)) await once(gzip, "drain");
      batch = [];
    }
  }
  gzip.end(batch.length ? `${batch.join("\n")}\n` : "");
  await once(out, "finish");
  return rows;
}

const seconds = (since: number) => (performance.now() - since) / 1000;

const dir = mkdtempSync(path.join(tmpdir(), "bench-emulator-"));
const emulator = await startEmulator();
try {
  const file = path.join(dir, "part-00000.json.gz");
  let started = performance.now();
  const rows = await writeEvents(file);
  const bytes = statSync(file).size;
  console.log(
    `generated   ${rows.toLocaleString("en")} events, ${(bytes / 1024 / 1024).toFixed(1)} MB gzip in ${seconds(started).toFixed(1)} s`,
  );

  const sql = await connectSql(emulator.facts, emulator.facts.adminToken);
  await sql.query("CREATE VOLUME main.analytics.bench");
  await sql.query(`CREATE TABLE main.analytics.events (
    uuid STRING, event_time TIMESTAMP, event_type STRING, user_id STRING, device_id STRING, amplitude_id BIGINT,
    event_properties STRING, user_properties STRING, groups STRING, group_properties STRING, data STRING,
    server_received_time TIMESTAMP, server_upload_time TIMESTAMP, client_event_time TIMESTAMP, client_upload_time TIMESTAMP,
    session_id BIGINT, event_id BIGINT, app BIGINT, insert_id STRING, platform STRING, os_name STRING, os_version STRING,
    device_type STRING, country STRING, city STRING, language STRING, ip_address STRING, location_lat DOUBLE, location_lng DOUBLE,
    library STRING, amplitude_attribution_ids ARRAY<STRING>) USING DELTA`);

  started = performance.now();
  await sql.query(`PUT '${file}' INTO '/Volumes/main/analytics/bench/run/part-00000.json.gz' OVERWRITE`, {
    stagingAllowedLocalPath: [dir],
  });
  const putSeconds = seconds(started);
  console.log(
    `PUT         ${putSeconds.toFixed(2)} s (${(bytes / 1024 / 1024 / putSeconds).toFixed(0)} MB/s)`,
  );

  const timestamps = [
    "event_time",
    "server_received_time",
    "server_upload_time",
    "client_event_time",
    "client_upload_time",
  ];
  const columns = Object.keys(event(0)).map((name) =>
    timestamps.includes(name) ? `CAST(${name} AS TIMESTAMP) AS ${name}` : name,
  );
  started = performance.now();
  const [result] = await sql.query(
    `COPY INTO main.analytics.events FROM (SELECT ${columns.join(", ")} FROM '/Volumes/main/analytics/bench/run')
     FILEFORMAT = JSON FILES = ('part-00000.json.gz')`,
  );
  const copySeconds = seconds(started);
  const inserted = Number(result!.num_inserted_rows);
  console.log(
    `COPY INTO   ${inserted.toLocaleString("en")} rows in ${copySeconds.toFixed(2)} s: ${Math.round(inserted / copySeconds).toLocaleString("en")} rows/s (target ≥ 100,000)`,
  );
  const [check] = await sql.query("SELECT count(*) AS n FROM main.analytics.events");
  if (Number(check!.n) !== rows || inserted !== rows)
    throw new Error(`loaded ${String(check!.n)} rows, expected ${rows}`);
  await sql.close();
} finally {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
}
