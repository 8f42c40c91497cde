import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { db } from "@/lib/db/prisma";
import { partitionsThrough } from "@/lib/events/partitions";
import { ensureSigningKey } from "@/lib/oidc/signing-keys";
import { recordSchedulerTick, SCHEDULER_STALE_MS } from "@/lib/ops/scheduler-heartbeat";
import { type Receiver, startReceiver } from "@/tests/support/http-receiver";

// Issue 18, item 3: GET /api/health, and the scheduler heartbeat behind it. The operator's
// webhook (ALERT_WEBHOOK_URL) receives the stale-scheduler alert once, then its resolution.

const received: { text: string }[] = [];
let receiver: Receiver;

const health = async () => {
  const response = await GET();
  return { status: response.status, body: await response.json() };
};
const ago = (ms: number) => new Date(Date.now() - ms);

beforeAll(async () => {
  receiver = await startReceiver({
    port: Number(new URL(process.env.ALERT_WEBHOOK_URL!).port),
    answer: ({ body }) => (received.push(JSON.parse(body)), 204),
  });
  await db.schedulerState.deleteMany();
  await ensureSigningKey();
});
afterAll(async () => {
  await receiver.close();
  await db.schedulerState.deleteMany();
  await db.$disconnect();
});

describe("GET /api/health", () => {
  it("is 200 with the scheduler starting before its first tick, and says how exports run", async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toEqual({
      status: "ok",
      database: "ok",
      signingKey: "ok",
      scheduler: { state: "starting", lastTickAt: null, lastTickAgeSeconds: null },
      exports: "local runner",
      // The migration made today's partition and the next 7 days'.
      eventPartitions: { state: "ok", through: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    });
    expect(new Date(body.eventPartitions.through).getTime()).toBeGreaterThanOrEqual(
      Date.now() + 5 * 86_400_000,
    );
  });

  it("knows how far ahead the day partitions reach: not at all, in a future the scheduler did not prepare", async () => {
    const today = new Date(new Date().toISOString().slice(0, 10));
    expect((await partitionsThrough())!.getTime()).toBeGreaterThan(today.getTime());
    expect(await partitionsThrough(new Date("2040-01-01T12:00:00Z"))).toBeNull();
  });

  it("reports the last tick's age once the scheduler ticks", async () => {
    await recordSchedulerTick(ago(30_000));
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.scheduler).toMatchObject({ state: "ok" });
    expect(body.scheduler.lastTickAgeSeconds).toBeGreaterThanOrEqual(30);
    expect(body.scheduler.lastTickAgeSeconds).toBeLessThan(60);
  });

  it("says when the scheduler is stale, alerts the operator once, and resolves on the next tick", async () => {
    await recordSchedulerTick(ago(SCHEDULER_STALE_MS + 60_000));
    const first = await health();
    expect(first.status).toBe(200); // the portal still serves
    expect(first.body).toMatchObject({ status: "degraded", scheduler: { state: "stale" } });
    await health(); // a second request that notices sends nothing more
    expect(received.map((r) => r.text)).toEqual([
      expect.stringMatching(
        /^exports are not being scheduled: The export scheduler last ticked at .* \(6 minutes ago\)/,
      ),
    ]);

    await recordSchedulerTick();
    expect((await health()).body).toMatchObject({ status: "ok", scheduler: { state: "ok" } });
    expect(received.map((r) => r.text)).toEqual([
      expect.stringMatching(/^exports are not being scheduled/),
      expect.stringMatching(/^exports are scheduled again/),
    ]);
  });

  it("counts a scheduler that never ticked as stale five minutes after the deployment first looked", async () => {
    await db.schedulerState.update({
      where: { id: "scheduler" },
      data: { lastTickAt: null, staleAlertedAt: null, since: ago(SCHEDULER_STALE_MS + 1000) },
    });
    const { body } = await health();
    expect(body).toMatchObject({ status: "degraded", scheduler: { state: "stale", lastTickAt: null } });
    expect(received.at(-1)!.text).toMatch(/has not ticked since this deployment started/);
  });
});
