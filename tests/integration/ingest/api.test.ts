import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createInstance } from "@amplitude/analytics-node";
import { db } from "@/lib/db/prisma";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";
import { startIngestServer } from "@/tests/support/ingest-server";

let server: { url: string; close: () => Promise<void> };
let projectId: string;
const KEY = DEFAULT_DEMO_API_KEY;

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}
const countEvents = () => db.event.count({ where: { projectId } });

beforeAll(async () => {
  await seedDemo(db, { apiKey: KEY, password: "deltaport-demo" });
  projectId = (await db.project.findUniqueOrThrow({ where: { apiKey: KEY } })).id;
  server = await startIngestServer();
});
afterAll(async () => {
  await server.close();
  await db.$disconnect();
});
beforeEach(async () => {
  await db.event.deleteMany({ where: { projectId } });
});

describe("the official Amplitude Node SDK", () => {
  it("sends to the API and every column is computed", async () => {
    const amplitude = createInstance();
    await amplitude.init(KEY, { serverUrl: `${server.url}/2/httpapi`, flushIntervalMillis: 50, logLevel: 0 })
      .promise;
    const time = Date.UTC(2026, 10, 24, 10, 0, 0);
    const result = await amplitude.track(
      "Song Played",
      { song: "Blue", seconds: 214 },
      {
        device_id: "sdk-device-1",
        user_id: "sdk-user-1",
        time,
        session_id: time - 60_000,
        platform: "Web",
        os_name: "Chrome",
        os_version: "131",
        country: "Germany",
        city: "Berlin",
        language: "de-DE",
        app_version: "2.1.0",
        price: 1.5,
        insert_id: "sdk-insert-1",
        location_lat: 52.5,
        location_lng: 13.4,
        ip: "203.0.113.9",
        device_model: "Mac",
        device_brand: "Apple",
        carrier: "Telekom",
      },
    ).promise;
    expect(result.code).toBe(200);
    await amplitude.flush().promise;

    const [event] = await db.event.findMany({ where: { projectId } });
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
    expect(event).toMatchObject({
      eventType: "Song Played",
      deviceId: "sdk-device-1",
      userId: "sdk-user-1",
      eventProperties: { song: "Blue", seconds: 214 },
      sessionId: BigInt(time - 60_000),
      app: project.appId,
      insertId: "sdk-insert-1",
      platform: "Web",
      osName: "Chrome",
      osVersion: "131",
      versionName: "2.1.0",
      country: "Germany",
      city: "Berlin",
      language: "de-DE",
      ipAddress: "203.0.113.9",
      locationLat: 52.5,
      locationLng: 13.4,
      deviceType: "Mac",
      deviceFamily: "Apple",
      deviceCarrier: "Telekom",
      data: expect.objectContaining({ price: 1.5 }),
    });
    expect(event!.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(event!.clientEventTime.getTime()).toBe(time);
    expect(event!.eventTime.getTime()).toBe(time); // + (server received − client upload), 0 for the HTTP API
    expect(event!.library).toMatch(/amplitude-node/);
    expect(event!.amplitudeId).toBeGreaterThan(0n);
    expect(event!.serverUploadTime.getTime()).toBeGreaterThanOrEqual(event!.serverReceivedTime.getTime());
  });
});

describe("the documented answers", () => {
  const valid = { event_type: "click", device_id: "device-00001" };

  it("answers 200 with the counts and the upload time", async () => {
    const answer = await post("/2/httpapi", {
      api_key: KEY,
      events: [valid, { ...valid, user_id: "user-00001" }],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      code: 200,
      events_ingested: 2,
      payload_size_bytes: expect.any(Number),
      server_upload_time: expect.any(Number),
    });
    expect(await countEvents()).toBe(2);
  });

  it("names what is wrong with the request, and stores nothing", async () => {
    const cases: [unknown, Record<string, unknown>][] = [
      ["", { code: 400, error: "Missing request body" }],
      ["{not json", { code: 400, error: "Invalid JSON request body" }],
      [{ events: [valid] }, { code: 400, error: "Request missing required field", missing_field: "api_key" }],
      [{ api_key: KEY }, { code: 400, error: "Request missing required field", missing_field: "events" }],
      [
        { api_key: "not-a-key", events: [valid] },
        { code: 400, error: "Invalid API key" },
      ],
    ];
    for (const [body, expected] of cases) expect((await post("/2/httpapi", body)).body).toEqual(expected);
    const invalid = await post("/2/httpapi", {
      api_key: KEY,
      events: [
        valid,
        { device_id: "device-00001" },
        { event_type: "x", device_id: "null" },
        { event_type: "x", device_id: "device-00001", time: "yesterday" },
        { event_type: "x", device_id: "dev" },
        { event_type: "x", device_id: "device-00001", event_properties: { long: "x".repeat(1025) } },
        { event_type: "x", device_id: "device-00001", user_properties: { $set: { plan: "pro" } } },
      ],
    });
    expect(invalid).toMatchObject({
      status: 400,
      body: {
        code: 400,
        error: "Invalid field values on some events",
        events_with_invalid_fields: {
          device_id: [2],
          time: [3],
          event_properties: [5],
          user_properties: [6],
        },
        events_with_missing_fields: { event_type: [1] },
        events_with_invalid_id_lengths: { device_id: [4] },
      },
    });
    expect(await countEvents()).toBe(0);
  });

  it("refuses ids shorter than min_id_length as Amplitude does, and accepts them when it is lowered", async () => {
    expect(
      await post("/2/httpapi", {
        api_key: KEY,
        events: [{ event_type: "x", device_id: "abc", user_id: "user-00002" }],
      }),
    ).toMatchObject({
      status: 400,
      body: {
        error: "Invalid id length for user_id or device_id",
        events_with_invalid_id_lengths: { device_id: [0] },
      },
    });
    expect(await countEvents()).toBe(0);
    expect(
      (
        await post("/2/httpapi", {
          api_key: KEY,
          events: [{ event_type: "x", device_id: "abc" }],
          options: { min_id_length: 3 },
        })
      ).status,
    ).toBe(200);
  });

  it("answers 413 for a body or a count over the limit, checking the size first", async () => {
    const big = JSON.stringify({
      api_key: "not-even-checked",
      events: [{ event_type: "x", device_id: "device-00001", event_properties: { p: "x".repeat(1000) } }],
      pad: "y".repeat(1024 * 1024),
    });
    expect(await post("/2/httpapi", big)).toMatchObject({
      status: 413,
      body: { code: 413, error: "Payload too large" },
    });
    expect((await post("/batch", big)).status).toBe(400); // 20 MB for /batch: then the key is checked
    const many = { api_key: KEY, events: Array.from({ length: 2001 }, () => valid) };
    expect((await post("/batch", many)).status).toBe(413);
    expect(await countEvents()).toBe(0);
  });

  it("answers 429 naming the throttled devices and users, storing nothing of that request", async () => {
    const flood = Array.from({ length: 950 }, (_, i) => ({
      event_type: "flood",
      device_id: "device-flood",
      insert_id: `f-${i}`,
    }));
    expect((await post("/2/httpapi", { api_key: KEY, events: flood })).status).toBe(429);
    const answer = await post("/2/httpapi", { api_key: KEY, events: [valid, ...flood.slice(0, 901)] });
    expect(answer.status).toBe(429);
    expect(answer.body).toMatchObject({
      code: 429,
      error: "Too many requests for some devices and users",
      eps_threshold: 30,
      throttled_devices: { "device-flood": 901 },
      throttled_users: {},
    });
    expect((answer.body.throttled_events as number[])[0]).toBe(1);
    expect(await countEvents()).toBe(0);
  });

  it("allows browser SDKs through CORS", async () => {
    const preflight = await fetch(`${server.url}/2/httpapi`, { method: "OPTIONS" });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(
      (await post("/2/httpapi", { api_key: KEY, events: [valid] })).headers.get(
        "access-control-allow-origin",
      ),
    ).toBe("*");
  });
});

describe("insert_id de-duplication", () => {
  it("accepts a resend but stores it once, per device (else user) within 7 days", async () => {
    const event = { event_type: "purchase", device_id: "device-dedupe", insert_id: "order-42" };
    expect((await post("/2/httpapi", { api_key: KEY, events: [event, event] })).body).toMatchObject({
      events_ingested: 2,
    });
    expect((await post("/2/httpapi", { api_key: KEY, events: [event] })).status).toBe(200);
    expect(await countEvents()).toBe(1);
    // Another device may use the same insert_id; so may a user-only event.
    await post("/2/httpapi", {
      api_key: KEY,
      events: [
        { ...event, device_id: "device-other" },
        { event_type: "purchase", user_id: "user-dedupe", insert_id: "order-42" },
      ],
    });
    expect(await countEvents()).toBe(3);
    // Older than the window: stored again.
    await db.eventInsertId.updateMany({
      where: { projectId, insertId: "order-42" },
      data: { receivedAt: new Date(Date.now() - 8 * 24 * 3600 * 1000) },
    });
    await post("/2/httpapi", { api_key: KEY, events: [event] });
    expect(await countEvents()).toBe(4);
  });
});
