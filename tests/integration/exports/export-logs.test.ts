import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Issue 18, item 3: the export path's structured logs. A full run (the local runner's tick, as
// `npm run dev` runs it, with a transient fault on the way) writes JSON lines that each carry
// the request, destination and run ids, and no line holds a token, a JWT or a private key.
// This file's logs go to a file of its own, named before anything reads the environment.
const logFile = path.join(tmpdir(), `deltaport-export-logs-${process.pid}.log`);
process.env.LOG_FILE = logFile;
process.env.LOG_LEVEL = "info";

const { startEmulator } = await import("@/emulator/index");
const { createLocalRunner } = await import("@/inngest/local-runner");
const { db } = await import("@/lib/db/prisma");
const { createDestination } = await import("@/lib/destinations/create-destination");
const { newDestinationId } = await import("@/lib/destinations/destination-id");
const { workspaceToken } = await import("@/lib/databricks/token-provider");
const { storeEvents } = await import("@/lib/ingest/store-events");
const { decryptPrivateKey } = await import("@/lib/oidc/key-encryption");
const { DEFAULT_DEMO_API_KEY, seedDemo } = await import("@/prisma/seed");
const { authorizeDestination } = await import("@/tests/support/authorize-destination");
const { serveDeltaportIssuer } = await import("@/tests/support/deltaport-issuer");
const { emulatorFetch } = await import("@/tests/support/emulator-client");
const { destinationInput, demoAdminActor } = await import("@/tests/support/destination-input");

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;
let issuer: { close: () => Promise<void> };
let destinationId: string;

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  issuer = await serveDeltaportIssuer();
  emulator = await startEmulator({ tlsDir: process.env.TEST_EMULATOR_TLS_DIR, warehouseStartMs: 50 });
});
afterAll(async () => {
  await emulator.stop();
  await issuer.close();
  if (destinationId) {
    await db.auditEvent.deleteMany({ where: { resourceId: destinationId } });
    await db.destination.delete({ where: { id: destinationId } });
  }
  await db.$disconnect();
  rmSync(logFile, { force: true });
});

describe("the export path's logs", () => {
  it("carry the request, destination and run ids on every line, and no secret", async () => {
    const actor = await demoAdminActor();
    const sp = emulator.facts.servicePrincipals[0]!;
    destinationId = newDestinationId();
    await authorizeDestination(emulator, {
      projectId: actor.projectId,
      destinationId,
      clientId: sp.applicationId,
    });
    await createDestination(
      actor,
      destinationId,
      {
        ...destinationInput({
          workspaceHost: emulator.facts.host,
          clientId: sp.applicationId,
          warehouseId: emulator.facts.warehouseId,
          table: "logged_events",
        }),
        // Only this test's events: the demo project's others are left to their own tests.
        filter: { eventTypes: { operator: "is", values: ["logged"] }, conditions: [] },
      },
      [new URL(emulator.facts.host).host],
    );
    await db.destination.update({
      where: { id: destinationId },
      data: { nextRunAt: new Date(Date.now() - 1000) },
    });
    await storeEvents(
      actor.project,
      [0, 1, 2].map((index) => ({
        index,
        eventType: "logged",
        deviceId: `logged-${index}`,
        userId: null,
        time: Date.now(),
        insertId: null,
        raw: {},
      })),
      { receivedAt: new Date(), requestIp: null },
    );
    // A transient failure on the way: its retry is logged too.
    await emulatorFetch(emulator.facts)("/emulator/faults", {
      token: emulator.facts.adminToken,
      json: { kind: "copy", httpStatus: 503, phase: "before", count: 1 },
    });
    await createLocalRunner({ baseDelayMs: 5, owner: "log-test" }).tick();
    expect(await db.exportRun.findFirstOrThrow({ where: { destinationId } })).toMatchObject({
      status: "SUCCEEDED",
      rows: 3,
    });

    const text = readFileSync(logFile, "utf8");
    const lines = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.destinationId === destinationId);
    const run = lines.find((line) => line.msg === "run succeeded");
    expect(run).toMatchObject({ level: 30, service: "deltaport", runner: "log-test" });
    const runId = run!.runId as string;
    expect(typeof run!.requestId).toBe("string");
    // Every line of the run: the same request, destination and run.
    const ofRun = lines.filter((line) => line.runId === runId);
    expect(ofRun.map((line) => line.msg)).toEqual(
      expect.arrayContaining([
        "run planned",
        "step prepare: done",
        "step copy-0: error, retried",
        "step commit: done",
        "run succeeded",
      ]),
    );
    for (const line of ofRun) expect(line).toMatchObject({ requestId: run!.requestId, destinationId, runId });
    for (const line of ofRun.filter((l) => typeof l.step === "string")) expect(typeof line.ms).toBe("number");

    // The run detail page's record: every step as it ran, the failed copy and its retry too.
    const steps = await db.runStep.findMany({
      where: { runId },
      orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    });
    expect(steps.map((step) => [step.name, step.attempt, step.outcome])).toEqual(
      expect.arrayContaining([
        ["plan", 1, "done"],
        ["prepare", 1, "done"],
        ["copy-0", 1, "error, retried"],
        ["copy-0", 2, "done"],
        ["commit", 1, "done"],
      ]),
    );
    expect(steps.find((step) => step.outcome === "error, retried")!.error).toMatch(/UNKNOWN|503/);

    // No secret in any line of the file.
    const { accessToken } = await workspaceToken({
      projectId: actor.projectId,
      destinationId,
      workspaceOrigin: emulator.facts.host,
      clientId: sp.applicationId,
    });
    expect(text).not.toContain(accessToken);
    expect(text).not.toMatch(/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]+/);
    expect(text).not.toContain("PRIVATE KEY");
    for (const key of await db.signingKey.findMany()) {
      const pem = decryptPrivateKey(key.encryptedPrivateKey, key.kid, process.env.KEY_ENCRYPTION_KEY!);
      const body = pem.split("\n").slice(1, -2).join("");
      expect(text).not.toContain(body.slice(0, 40));
    }
  });
});
