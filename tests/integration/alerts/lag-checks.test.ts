import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAlerts } from "@/lib/alerts/alerts";
import { checkLagAlerts } from "@/lib/alerts/check-lag";
import { db } from "@/lib/db/prisma";
import { dbPool } from "@/lib/db/pool";
import { createDestination } from "@/lib/destinations/create-destination";
import { newDestinationId } from "@/lib/destinations/destination-id";
import { storeEvents } from "@/lib/ingest/store-events";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";
import { demoAdminActor, destinationInput } from "@/tests/support/destination-input";

// Lag checks run each destination on its own, under a statement timeout (issue 14, item 12): a
// check that cannot answer is skipped and counted, and never holds up the tick.

const HOST = "dbc-lagcheck.cloud.databricks.com";
let destinationId: string;

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  const { project, ...actor } = await demoAdminActor();
  // Other files' destinations stay out of the way.
  await db.destination.updateMany({ data: { state: "PAUSED" } });
  destinationId = newDestinationId();
  await createDestination(
    actor,
    destinationId,
    destinationInput({
      workspaceHost: `https://${HOST}`,
      clientId: "6f2c1b7e-1111-4222-8333-444455556666",
      warehouseId: "0123456789abcdef",
      table: "lag_events",
    }),
    [HOST],
  );
  await storeEvents(
    { id: project.id, appId: project.appId },
    [
      {
        index: 0,
        eventType: "lag",
        deviceId: "lag-device-1",
        userId: null,
        time: Date.now(),
        insertId: null,
        raw: {},
      },
    ],
    { receivedAt: new Date(), requestIp: null },
  );
});
afterAll(() => db.$disconnect());

describe("lag checks", () => {
  it("skip a check that cannot answer in time, then alert once it can", async () => {
    const later = new Date(Date.now() + 31 * 60_000); // past twice the 15-minute interval
    const holder = await dbPool().connect();
    try {
      // Another session holds the events table: the check's query waits, and times out.
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE events IN ACCESS EXCLUSIVE MODE");
      expect(await checkLagAlerts(later, { statementTimeout: "200ms" })).toEqual({ raised: 0, failed: 1 });
    } finally {
      await holder.query("ROLLBACK");
      holder.release();
    }
    expect(await checkLagAlerts(later)).toEqual({ raised: 1, failed: 0 });
    expect((await openAlerts(destinationId)).map((alert) => alert.kind)).toEqual(["LAG"]);
  });
});
