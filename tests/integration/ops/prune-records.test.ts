import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { addWebhook, deleteWebhook } from "@/lib/organizations/webhooks";
import { pruneOperationalRecords } from "@/lib/ops/prune-records";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";
import { createOfflineDestination, demoAdminActor } from "@/tests/support/destination-input";

// Operational records are kept for a bounded time: settled webhook deliveries 30 days, run
// steps 90 days; pending deliveries stay until they are settled.

const HOST = "dbc-prune.cloud.databricks.com";
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
let webhookId: string;
let destinationId: string;
let actor: Awaited<ReturnType<typeof demoAdminActor>>;

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  actor = await demoAdminActor();
  webhookId = (await addWebhook(actor, "https://hooks.example.com/prune")).id;
  destinationId = await createOfflineDestination(actor, HOST, "prune_events");
  await db.destination.update({ where: { id: destinationId }, data: { state: "PAUSED" } });
});
afterAll(async () => {
  await deleteWebhook(actor, webhookId);
  await db.auditEvent.deleteMany({ where: { resourceId: destinationId } });
  await db.destination.delete({ where: { id: destinationId } });
  await db.$disconnect();
});

describe("pruning operational records", () => {
  it("deletes settled deliveries after 30 days and run steps after 90, and keeps the rest", async () => {
    const delivery = (id: string, createdAt: Date, nextAttemptAt: Date | null) => ({
      id,
      webhookId,
      event: "alert.opened",
      body: "{}",
      createdAt,
      nextAttemptAt,
    });
    await db.webhookDelivery.createMany({
      data: [
        delivery(`${webhookId}-old-settled`, daysAgo(31), null),
        delivery(`${webhookId}-old-pending`, daysAgo(31), new Date()),
        delivery(`${webhookId}-recent`, daysAgo(29), null),
      ],
    });
    const run = await db.exportRun.create({
      data: { destinationId, trigger: "SCHEDULE", status: "SUCCEEDED" },
    });
    const step = (name: string, startedAt: Date) => ({
      runId: run.id,
      name,
      attempt: 1,
      startedAt,
      ms: 1,
      outcome: "done",
    });
    await db.runStep.createMany({ data: [step("old", daysAgo(91)), step("recent", daysAgo(89))] });

    const pruned = await pruneOperationalRecords();
    expect(pruned.deliveries).toBeGreaterThanOrEqual(1);
    expect(pruned.steps).toBeGreaterThanOrEqual(1);
    const left = await db.webhookDelivery.findMany({ where: { webhookId }, select: { id: true } });
    expect(left.map((d) => d.id).sort()).toEqual([`${webhookId}-old-pending`, `${webhookId}-recent`]);
    expect((await db.runStep.findMany({ where: { runId: run.id } })).map((s) => s.name)).toEqual(["recent"]);
  });
});
