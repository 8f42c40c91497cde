import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAlerts } from "@/lib/alerts/alerts";
import { checkLagAlerts } from "@/lib/alerts/check-lag";
import { db } from "@/lib/db/prisma";
import { dbPool } from "@/lib/db/pool";
import { lagOf } from "@/lib/destinations/queries";
import { storeEvents } from "@/lib/ingest/store-events";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";
import { createOfflineDestination, demoAdminActor } from "@/tests/support/destination-input";

// Lag checks read each destination's row, not its events (issue 18, item 4): the time its last
// catching-up run was planned is lag's origin.

const HOST = "dbc-lagcheck.cloud.databricks.com";
let destinationId: string;

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  const { project, ...actor } = await demoAdminActor();
  // Other files' destinations stay out of the way.
  await db.destination.updateMany({ data: { state: "PAUSED" } });
  destinationId = await createOfflineDestination(actor, HOST, "lag_events");
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
  it("measure lag from the destination's last catch-up, without reading events, and alert past twice the interval", async () => {
    const destination = await db.destination.findUniqueOrThrow({ where: { id: destinationId } });
    // Before a first delivery, lag counts from the destination's creation.
    expect(lagOf(destination, new Date(destination.createdAt.getTime() + 60_000))).toBe(60_000);
    const later = new Date(Date.now() + 31 * 60_000); // past twice the 15-minute interval
    const holder = await dbPool().connect();
    try {
      // Another session holds the events table: a check that read events would wait; this one does not.
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE events IN ACCESS EXCLUSIVE MODE");
      expect(await checkLagAlerts(later)).toEqual({ raised: 1, resolved: 0 });
    } finally {
      await holder.query("ROLLBACK");
      holder.release();
    }
    expect((await openAlerts(destinationId)).map((alert) => alert.kind)).toEqual(["LAG"]);
    expect(await checkLagAlerts(later)).toEqual({ raised: 0, resolved: 0 }); // still open: raised once

    // A run that catches up moves the origin: the next check resolves the alert.
    await db.destination.update({ where: { id: destinationId }, data: { deliveredThrough: later } });
    expect(await checkLagAlerts(new Date(later.getTime() + 60_000))).toEqual({ raised: 0, resolved: 1 });
    expect(await openAlerts(destinationId)).toEqual([]);
  });
});
