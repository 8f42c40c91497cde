import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { startBackfill } from "@/lib/destinations/backfills";
import { dueBackfills, dueDestinationIds } from "@/lib/exports/due-destinations";
import { planBackfillChunk } from "@/lib/exports/plan-backfill-chunk";
import { planRun } from "@/lib/exports/plan-run";
import { createProject } from "@/lib/projects/create-project";
import { deleteProject } from "@/lib/projects/manage-project";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";
import { createOfflineDestination } from "@/tests/support/destination-input";
import { startIngestServer } from "@/tests/support/ingest-server";

// Issue 16: a deleted project's key is refused like an unknown one, and its destinations are
// no longer exported, while another project's still are; its events and history stay.

const HOST = "dbc-deleted-project.cloud.databricks.com";
let server: Awaited<ReturnType<typeof startIngestServer>>;
let live: { id: string; apiKey: string; destinationId: string };
let doomed: { id: string; apiKey: string; destinationId: string };
let admin: { id: string };
let organizationId: string;

async function post(path: string, body: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}
const track = (apiKey: string, deviceId: string) =>
  post("/2/httpapi", { api_key: apiKey, events: [{ event_type: "Viewed", device_id: deviceId }] });
async function identify(apiKey: string) {
  const body = new URLSearchParams({
    api_key: apiKey,
    identification: JSON.stringify({ user_id: "deleted-project-user", user_properties: { $set: { a: 1 } } }),
  });
  const response = await fetch(`${server.url}/identify`, { method: "POST", body });
  return { status: response.status, body: await response.json() };
}

/** A project with a destination that is due now. */
async function projectWithDueDestination(name: string, table: string) {
  const project = await createProject({ organizationId, actorId: admin.id, name });
  const { apiKey } = await db.project.findUniqueOrThrow({ where: { id: project.id } });
  const actor = { userId: admin.id, organizationId, projectId: project.id };
  const destinationId = await createOfflineDestination(actor, HOST, table);
  await db.destination.update({
    where: { id: destinationId },
    data: { nextRunAt: new Date(Date.now() - 60_000) },
  });
  return { id: project.id, apiKey, destinationId };
}

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  organizationId = (await db.organization.findUniqueOrThrow({ where: { slug: "acme" } })).id;
  admin = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
  server = await startIngestServer();
  live = await projectWithDueDestination("Stays", "stays_events");
  doomed = await projectWithDueDestination("Goes", "goes_events");
  // Both take events, and both destinations are due, before the deletion.
  expect((await track(live.apiKey, "before-live")).status).toBe(200);
  expect((await track(doomed.apiKey, "before-doomed")).status).toBe(200);
  const due = await dueDestinationIds();
  expect(due).toEqual(expect.arrayContaining([live.destinationId, doomed.destinationId]));
  await deleteProject({ userId: admin.id, organizationId, projectId: doomed.id });
});
afterAll(async () => {
  // The files of a run share one database: no other file's scheduler tick or lag check may
  // find these destinations. (Their runs and backfills go with them.)
  const projectIds = [live.id, doomed.id];
  await db.auditEvent.deleteMany({
    where: { resourceId: { in: [...projectIds, live.destinationId, doomed.destinationId] } },
  });
  await db.event.deleteMany({ where: { projectId: { in: projectIds } } });
  await db.project.deleteMany({ where: { id: { in: projectIds } } });
  await server.close();
  await db.$disconnect();
});

describe("a deleted project", () => {
  it("has its API key refused like an unknown key, on every ingest route, storing nothing", async () => {
    const unknown = await track("0".repeat(32), "unknown");
    expect(unknown).toEqual({ status: 400, body: { code: 400, error: "Invalid API key" } });
    expect(await track(doomed.apiKey, "after-doomed")).toEqual(unknown);
    expect(
      await post("/batch", { api_key: doomed.apiKey, events: [{ event_type: "x", device_id: "d" }] }),
    ).toEqual(unknown);
    expect(await identify(doomed.apiKey)).toEqual(await identify("0".repeat(32)));
    expect((await identify(doomed.apiKey)).status).toBe(400);
    // The other project's key still works.
    expect((await track(live.apiKey, "after-live")).status).toBe(200);
    expect((await identify(live.apiKey)).status).toBe(200);
  });

  it("keeps its events", async () => {
    const events = await db.event.findMany({ where: { projectId: doomed.id }, select: { deviceId: true } });
    expect(events.map((event) => event.deviceId)).toEqual(["before-doomed"]);
  });

  it("has its destinations skipped by the scheduler and the planner, while another project's stay due", async () => {
    const due = await dueDestinationIds();
    expect(due).toContain(live.destinationId);
    expect(due).not.toContain(doomed.destinationId);
    expect(await planRun(doomed.destinationId, "test-worker")).toBeNull();
    // Its destination is deleted as a destination is: paused and soft-deleted, runs kept.
    expect(await db.destination.findUniqueOrThrow({ where: { id: doomed.destinationId } })).toMatchObject({
      state: "PAUSED",
      deletedAt: expect.any(Date),
    });
    expect(await db.destination.findUniqueOrThrow({ where: { id: live.destinationId } })).toMatchObject({
      state: "ACTIVE",
      deletedAt: null,
    });
  });

  it("frees its destinations' workspace tables for another destination of the organization", async () => {
    const again = await projectWithDueDestination("Again", "goes_events");
    try {
      expect(await db.destination.findUniqueOrThrow({ where: { id: again.destinationId } })).toMatchObject({
        table: "goes_events",
        deletedAt: null,
      });
    } finally {
      await db.project.deleteMany({ where: { id: again.id } });
    }
  });

  it("has its running backfills skipped too", async () => {
    const input = {
      backfillFrom: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10),
      redeliver: false,
    };
    const doomedDestination = await db.destination.findUniqueOrThrow({ where: { id: doomed.destinationId } });
    const liveDestination = await db.destination.findUniqueOrThrow({ where: { id: live.destinationId } });
    // Started as if before the deletion: the action that starts one no longer finds the project.
    const actor = (projectId: string) => ({ userId: admin.id, organizationId, projectId });
    const doomedBackfill = await startBackfill(actor(doomed.id), doomedDestination, input);
    const liveBackfill = await startBackfill(actor(live.id), liveDestination, input);
    const due = (await dueBackfills()).map((backfill) => backfill.backfillId);
    expect(due).toContain(liveBackfill.id);
    expect(due).not.toContain(doomedBackfill.id);
    expect(await planBackfillChunk(doomedBackfill.id, "test-worker")).toBeNull();
  });
});
