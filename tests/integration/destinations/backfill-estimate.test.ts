import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { estimateRows } from "@/lib/destinations/backfills";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";

// A backfill's estimate is counted when the count is quick, and extrapolated from a 1 % page
// sample when it is not. 300,000 events uploaded in 2020 (a range no other test touches) make
// the count slower than a 1 ms limit, and the sample large enough to be near the truth.

const ROWS = 300_000;
const range = { from: new Date("2020-01-01T00:00:00Z"), to: new Date("2020-02-01T00:00:00Z") };
let projectId: string;

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  projectId = (await db.project.findUniqueOrThrow({ where: { apiKey: DEFAULT_DEMO_API_KEY } })).id;
  await db.$executeRawUnsafe(
    `INSERT INTO events (project_id, uuid, event_time, event_type, amplitude_id, server_received_time,
       server_upload_time, client_event_time, client_upload_time, processed_time, app)
     SELECT $1, gen_random_uuid(), t, 'estimate', n, t, t, t, t, t, 1
     FROM generate_series(1, $2::int) AS n,
       LATERAL (SELECT $3::timestamptz + (n::float8 / $2::int) * interval '30 days' AS t) AS at`,
    projectId,
    ROWS,
    range.from.toISOString(),
  );
  await db.$executeRawUnsafe("ANALYZE events");
});
afterAll(async () => {
  await db.$executeRawUnsafe(
    `DELETE FROM events WHERE project_id = $1 AND server_upload_time >= $2::timestamptz AND server_upload_time < $3::timestamptz`,
    projectId,
    range.from.toISOString(),
    range.to.toISOString(),
  );
  await db.$disconnect();
});

describe("the backfill estimate", () => {
  it("counts the range exactly when the count answers in time", async () => {
    expect(await estimateRows(projectId, range)).toEqual({ rows: ROWS, how: "counted" });
  });

  it("falls back to a page sample when the count takes too long, within a third of the truth", async () => {
    const estimate = await estimateRows(projectId, range, { countTimeout: "1ms" });
    expect(estimate?.how).toBe("sampled");
    expect(estimate!.rows).toBeGreaterThan(ROWS * 0.67);
    expect(estimate!.rows).toBeLessThan(ROWS * 1.33);
  });

  it("gives no estimate when neither answers in time", async () => {
    // Another session holds the table: neither the count nor the sample can read it in time.
    const { dbPool } = await import("@/lib/db/pool");
    const holder = await dbPool().connect();
    try {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE events IN ACCESS EXCLUSIVE MODE");
      expect(
        await estimateRows(projectId, range, { countTimeout: "200ms", sampleTimeout: "200ms" }),
      ).toBeNull();
    } finally {
      await holder.query("ROLLBACK");
      holder.release();
    }
  });
});
