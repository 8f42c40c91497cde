import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { eventIdsSince } from "@/lib/events/watermark";
import { storeEvents } from "@/lib/ingest/store-events";
import type { IncomingEvent } from "@/lib/ingest/validate";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";

let project: { id: string; appId: bigint };
let index = 0;
const event = (fields: {
  deviceId?: string;
  userId?: string;
  eventType?: string;
  time?: number;
}): IncomingEvent => ({
  index: index++,
  eventType: fields.eventType ?? "e",
  deviceId: fields.deviceId ?? null,
  userId: fields.userId ?? null,
  time: fields.time ?? null,
  insertId: null,
  raw: {},
});
const store = (...events: IncomingEvent[]) =>
  storeEvents(project, events, { receivedAt: new Date(), requestIp: null });
const idsOf = async (where: { deviceId?: string; userId?: string }) =>
  (await db.event.findMany({ where: { projectId: project.id, ...where }, orderBy: { id: "asc" } })).map(
    (row) => row.amplitudeId,
  );

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  project = await db.project.findUniqueOrThrow({
    where: { apiKey: DEFAULT_DEMO_API_KEY },
    select: { id: true, appId: true },
  });
});
afterAll(() => db.$disconnect());

describe("identity resolution", () => {
  it("gives a device an id, hands it to the user first seen with it, and records merges", async () => {
    await store(event({ deviceId: "phone-aaaa" }));
    const [phone] = await idsOf({ deviceId: "phone-aaaa" });
    await store(event({ deviceId: "phone-aaaa", userId: "alice-0001" }));
    expect(await idsOf({ userId: "alice-0001" })).toEqual([phone]);

    // Alice on a laptop that had been anonymous: its id merges into hers.
    await store(event({ deviceId: "laptop-bbbb" }));
    const [laptop] = await idsOf({ deviceId: "laptop-bbbb" });
    expect(laptop).not.toBe(phone);
    await store(event({ deviceId: "laptop-bbbb", userId: "alice-0001", time: Date.UTC(2026, 0, 1) }));
    await store(event({ deviceId: "laptop-bbbb" }));
    expect(await idsOf({ deviceId: "laptop-bbbb" })).toEqual([laptop, phone, phone]);
    const merges = await db.identityMerge.findMany({ where: { projectId: project.id, amplitudeId: laptop } });
    expect(merges).toEqual([
      expect.objectContaining({
        amplitudeId: laptop,
        mergedAmplitudeId: phone,
        mergeEventTime: new Date(Date.UTC(2026, 0, 1)),
      }),
    ]);
    // A user-only event carries the user's id.
    await store(event({ userId: "alice-0001" }));
    expect((await idsOf({ userId: "alice-0001" })).every((id) => id === phone)).toBe(true);
  });

  it("never creates two ids for two simultaneous first events of one device", async () => {
    await Promise.all(Array.from({ length: 12 }, () => store(event({ deviceId: "racing-device" }))));
    const ids = new Set(await idsOf({ deviceId: "racing-device" }));
    expect(ids.size).toBe(1);
    expect(
      await db.deviceIdentity.count({ where: { projectId: project.id, deviceId: "racing-device" } }),
    ).toBe(1);
  });
});

describe("the export watermark", () => {
  it("sees every row exactly once while many writers commit out of order", async () => {
    // Writers hold their transactions open for random times, so sequence order and commit order differ.
    const writers = 8;
    const perWriter = 25;
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: writers + 2 });
    const inserted: bigint[] = [];
    let writing = true;
    const writer = async (w: number) => {
      for (let i = 0; i < perWriter; i++) {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          const { rows } = await client.query<{ id: string }>(
            `INSERT INTO events (uuid, project_id, event_time, event_type, amplitude_id, server_received_time, server_upload_time,
               client_event_time, client_upload_time, processed_time, app)
             VALUES (gen_random_uuid(), $1, now(), 'w', 1, now(), now(), now(), now(), now(), 1) RETURNING id::text`,
            [project.id],
          );
          await new Promise((resolve) =>
            setTimeout(resolve, Math.random() * 15 + (i % 5 === w % 5 ? 40 : 0)),
          );
          await client.query("COMMIT");
          inserted.push(BigInt(rows[0]!.id));
        } finally {
          client.release();
        }
      }
    };
    const { horizon: start } = await eventIdsSince(project.id, 0n);
    const seen: bigint[] = [];
    const reader = async () => {
      let watermark = start;
      let windows = 0;
      for (;;) {
        const done = !writing;
        const { horizon, ids } = await eventIdsSince(project.id, watermark);
        seen.push(...ids);
        watermark = horizon;
        windows++;
        if (done) return windows;
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    };
    const reading = reader();
    await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
    writing = false;
    const windows = await reading;
    await pool.end();

    expect(windows).toBeGreaterThan(10);
    expect(inserted).toHaveLength(writers * perWriter);
    const seenSorted = [...seen].sort((a, b) => (a < b ? -1 : 1));
    expect(seenSorted).toEqual([...inserted].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(seen).size).toBe(seen.length);
  });
});
