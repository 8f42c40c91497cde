import { readFileSync } from "node:fs";
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { pruneRateBuckets } from "@/lib/ingest/throttle";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";
import { startRedis, type RunningRedis } from "@/tests/support/redis-server";

// Issue 18, item 5: the per-device and per-user limits hold across instances. Two processes
// serve the ingest routes, as two serverless instances would; a device's 30-second burst is
// spent across both, and each answers Amplitude's 429 body once it is spent. The limits live
// in PostgreSQL by default, in Redis when REDIS_URL is set: both are tried.

type Instance = { url: string; child: ChildProcess };

function startInstance(env: Record<string, string> = {}): Promise<Instance> {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "tests/support/ingest-instance.ts"],
    { env: { ...process.env, NODE_ENV: "test", ...env }, stdio: ["pipe", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the instance exited (${code})`)));
    createInterface({ input: child.stdout! }).once("line", (url) => resolve({ url, child }));
  });
}

let instances: Instance[] = [];
const device = `shared-limit-${Date.now()}`;
const events = (from: number, count: number, id = device) =>
  Array.from({ length: count }, (_, i) => ({
    event_type: "limited",
    device_id: id,
    insert_id: `${id}-${from + i}`,
  }));
const post = async (instance: Instance, body: object) => {
  const response = await fetch(`${instance.url}/2/httpapi`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  instances = await Promise.all([startInstance(), startInstance()]);
}, 60_000);
afterAll(async () => {
  for (const { child } of instances) child.stdin!.end();
  const project = await db.project.findUniqueOrThrow({ where: { apiKey: DEFAULT_DEMO_API_KEY } });
  await db.$executeRawUnsafe(
    `DELETE FROM events WHERE project_id = $1 AND device_id LIKE $2`,
    project.id,
    `${device}%`,
  );
  await db.$disconnect();
});

/** A device's burst, spent across the two instances `a` and `b`. */
async function spendBurstAcross([a, b]: Instance[], id: string) {
  // /2/httpapi allows 30 events per second per device, in 30-second bursts: 900.
  expect((await post(a!, { api_key: DEFAULT_DEMO_API_KEY, events: events(0, 600, id) })).status).toBe(200);
  // The sizes leave the refill (30 a second) seconds of margin: a slow machine cannot turn a 429 into a 200.
  const refused = await post(b!, { api_key: DEFAULT_DEMO_API_KEY, events: events(600, 700, id) });
  expect(refused).toEqual({
    status: 429,
    body: expect.objectContaining({
      code: 429,
      error: "Too many requests for some devices and users",
      eps_threshold: 30,
      throttled_devices: { [id]: 700 },
      throttled_users: {},
    }),
  });
  // What is left of the burst, taken on the second instance, is then gone on the first.
  expect((await post(b!, { api_key: DEFAULT_DEMO_API_KEY, events: events(600, 290, id) })).status).toBe(200);
  expect((await post(a!, { api_key: DEFAULT_DEMO_API_KEY, events: events(890, 300, id) })).status).toBe(429);
}

describe("ingest rate limits", () => {
  it("are one limit across two instances: a device's burst spent on one is spent on the other", async () => {
    await spendBurstAcross(instances, device);
  });

  it("forgets idle buckets, which are full again", async () => {
    // Every bucket idle for two minutes (the table keeps hashes of the keys, not device ids).
    await db.$executeRawUnsafe(`UPDATE ingest_rate_buckets SET at = at - interval '2 minutes'`);
    expect(await pruneRateBuckets()).toBeGreaterThanOrEqual(1);
    expect(
      (await post(instances[1]!, { api_key: DEFAULT_DEMO_API_KEY, events: events(2000, 900) })).status,
    ).toBe(200);
  });
});

describe("ingest rate limits in Redis (REDIS_URL)", () => {
  let redis: RunningRedis;
  let onRedis: Instance[] = [];
  const id = `${device}-redis`;

  beforeAll(async () => {
    redis = await startRedis();
    onRedis = await Promise.all([
      startInstance({ REDIS_URL: redis.url }),
      startInstance({ REDIS_URL: redis.url }),
    ]);
  }, 60_000);
  afterAll(async () => {
    for (const { child } of onRedis) child.stdin!.end();
    await redis.stop();
  });

  it("are one limit across two instances, kept in Redis, and expire once full again", async () => {
    const before = Number(
      (await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM ingest_rate_buckets`))[0]!.n,
    );
    await spendBurstAcross(onRedis, id);
    // Nothing was written to PostgreSQL's buckets; Redis's expire after 60 s idle (nothing to prune).
    expect(
      Number(
        (await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM ingest_rate_buckets`))[0]!.n,
      ),
    ).toBe(before);
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys("deltaport:ingest-rate:*");
      expect(keys).toHaveLength(1);
      expect(await client.pttl(keys[0]!)).toBeGreaterThan(50_000);
      expect(await client.pttl(keys[0]!)).toBeLessThanOrEqual(60_000);
    } finally {
      client.disconnect();
    }
  });

  it("admit events at once when Redis does not answer, and log it", async () => {
    // Redis holds every command for 8 s: the limiter gives up after 500 ms and admits.
    const client = new Redis(redis.url);
    await client.call("CLIENT", "PAUSE", "8000", "ALL");
    client.disconnect();
    const started = Date.now();
    const response = await post(onRedis[0]!, {
      api_key: DEFAULT_DEMO_API_KEY,
      events: events(0, 10, `${id}-paused`),
    });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(4_000);
    await expect
      .poll(() => readFileSync(process.env.LOG_FILE!, "utf8"), { timeout: 5_000 })
      .toContain('"msg":"rate limits not applied: the rate-limit store did not answer"');
  });
});
