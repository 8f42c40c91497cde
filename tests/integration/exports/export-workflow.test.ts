import { SIGNATURE_HEADER, webhookSignature } from "@/lib/alerts/webhook-delivery";
import { addWebhook } from "@/lib/organizations/webhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openAlerts } from "@/lib/alerts/alerts";
import { checkLagAlerts } from "@/lib/alerts/check-lag";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { createLocalRunner, localStep } from "@/inngest/local-runner";
import { db } from "@/lib/db/prisma";
import { createDestination } from "@/lib/destinations/create-destination";
import { cancelBackfill, startBackfill } from "@/lib/destinations/backfills";
import { updateSchedule } from "@/lib/destinations/manage-destination";
import { backlogEstimate, lagOf } from "@/lib/destinations/queries";
import { DatabricksError } from "@/lib/databricks/errors";
import {
  exportBackfill,
  exportDestination,
  recordRunFailure,
  type Step,
} from "@/lib/exports/export-workflow";
import { canonicalEventsViewSql } from "@/lib/exports/merged-ids-table";
import { LeaseLost, renewLease } from "@/lib/exports/run-lease";
import { storeEvents } from "@/lib/ingest/store-events";
import { newDestinationId } from "@/lib/destinations/destination-id";
import { federationPolicyId } from "@/lib/oidc/claims";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";
import {
  authorizeDestination,
  createFederationPolicy,
  runGrantsSql,
} from "@/tests/support/authorize-destination";
import { deleteFederationPolicy } from "@/tests/support/emulator-admin";
import { connectSql, emulatorFetch, type SqlConnection } from "@/tests/support/emulator-client";
import { serveDeltaportIssuer } from "@/tests/support/deltaport-issuer";
import { startSmtpCapture } from "@/tests/support/smtp-capture";
import { startReceiver } from "@/tests/support/http-receiver";
import { outsideContract } from "@/tests/support/databricks-contract";
import { revokeSql } from "@/lib/destinations/databricks-snippets";
import { ADMIN_PRINCIPAL } from "@/emulator/state";

let emulator: RunningEmulator;
let issuer: { close: () => Promise<void> };
let api: ReturnType<typeof emulatorFetch>;
let admin: SqlConnection;
let project: { id: string; appId: bigint };
let actor: { userId: string; organizationId: string; projectId: string };
let counter = 0;

// The worker these tests export as (its lease on a run lets it resume what it started).
const WORKER = "test-worker";
const fastStep = (maxAttempts = 3) => localStep({ maxAttempts, baseDelayMs: 5 });
const inject = (fault: object) => api("/emulator/faults", { token: emulator.facts.adminToken, json: fault });

async function ingest(count: number, eventType = "view") {
  const events = Array.from({ length: count }, (_, i) => ({
    index: i,
    eventType: i % 2 ? eventType : "other",
    deviceId: `wf-device-${counter}-${i % 10}`,
    userId: null,
    time: Date.now(),
    insertId: null,
    raw: { event_properties: { n: counter, i } },
  }));
  counter++;
  await storeEvents(project, events, { receivedAt: new Date(), requestIp: null });
}

async function newDestination(table: string, filter: object = {}, spIndex = 0) {
  const sp = emulator.facts.servicePrincipals[spIndex]!;
  const id = newDestinationId();
  await authorizeDestination(emulator, {
    projectId: project.id,
    destinationId: id,
    clientId: sp.applicationId,
  });
  await createDestination(
    actor,
    id,
    {
      frequencyMinutes: 15,
      filter: { eventTypes: null, conditions: [], ...filter } as never,
      workspaceHost: emulator.facts.host,
      clientId: sp.applicationId,
      warehouseId: emulator.facts.warehouseId,
      catalog: "main",
      schema: "analytics",
      table,
      jsonColumnType: "STRING",
      policyVariant: "DISCOVERY",
    },
    [new URL(emulator.facts.host).host],
    new Date(Date.now() - 24 * 3600 * 1000 + 60_000),
  );
  await makeDue(id);
  return { id, sp };
}

const makeDue = (id: string) =>
  db.destination.update({ where: { id }, data: { nextRunAt: new Date(Date.now() - 1000) } });

/** The uuids the table should hold: every source event of the project since the destination's start that matches. */
async function expectedUuids(id: string, match: (e: { eventType: string }) => boolean = () => true) {
  const destination = await db.destination.findUniqueOrThrow({ where: { id } });
  const events = await db.event.findMany({
    where: { projectId: project.id, serverUploadTime: { gte: destination.exportFrom } },
    select: { uuid: true, eventType: true },
  });
  return events
    .filter(match)
    .map((e) => e.uuid)
    .sort();
}
const tableUuids = async (table: string) =>
  (await admin.query(`SELECT uuid FROM main.analytics.${table}`)).map((row) => String(row.uuid)).sort();

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  project = await db.project
    .findUniqueOrThrow({
      where: { apiKey: DEFAULT_DEMO_API_KEY },
      select: { id: true, appId: true, organizationId: true },
    })
    .then((p) => ({ id: p.id, appId: p.appId, organizationId: p.organizationId }));
  const user = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
  const organizationId = (await db.project.findUniqueOrThrow({ where: { id: project.id } })).organizationId;
  actor = { userId: user.id, organizationId, projectId: project.id };
  issuer = await serveDeltaportIssuer();
  emulator = await startEmulator({ tlsDir: process.env.TEST_EMULATOR_TLS_DIR, warehouseStartMs: 50 });
  api = emulatorFetch(emulator.facts);
  admin = await connectSql(emulator.facts, emulator.facts.adminToken);
});
afterAll(async () => {
  await admin.close();
  await emulator.stop();
  await issuer.close();
  await db.$disconnect();
});
beforeEach(async () => {
  await api("/emulator/faults", { method: "DELETE", token: emulator.facts.adminToken });
  // Destinations of earlier tests stay out of the way.
  await db.destination.updateMany({ data: { state: "PAUSED" } });
});

/** Stores `count` events as if uploaded at `at` (history the recurring export never covers). */
async function storeHistory(count: number, at: Date) {
  const tag = `history-${counter++}`;
  const events = Array.from({ length: count }, (_, i) => ({
    index: i,
    eventType: "history",
    deviceId: `bf-device-${tag}-${i % 5}`,
    userId: null,
    time: at.getTime(),
    insertId: null,
    raw: { event_properties: { tag, i } },
  }));
  await storeEvents(project, events, { receivedAt: new Date(), requestIp: null });
  await db.$executeRawUnsafe(
    `UPDATE events SET server_upload_time = $1::timestamptz WHERE event_properties->>'tag' = $2`,
    at.toISOString(),
    tag,
  );
}

/**
 * A fault at every boundary of a run, and (for a crash) a maker of the Step the first attempt
 * runs with (default: no retries); a crashing Step crashes once, so each attempt makes its own.
 */
function faultScenarios(): [string, () => Promise<unknown>, (() => Step) | undefined][] {
  return [
    ["token endpoint down", () => inject({ kind: "tokenExchange", httpStatus: 503, count: 10 }), undefined],
    ["statement fails in prepare", () => inject({ kind: "statement", httpStatus: 503, count: 1 }), undefined],
    ["upload fails after staging", () => inject({ kind: "staging", httpStatus: 500, count: 5 }), undefined],
    [
      "COPY INTO fails before loading",
      () => inject({ kind: "copy", httpStatus: 500, phase: "before", count: 5 }),
      undefined,
    ],
    [
      "COPY INTO loaded, answer lost",
      () => inject({ kind: "copy", httpStatus: 500, phase: "after", count: 5 }),
      undefined,
    ],
    ["process dies before the commit", async () => {}, () => crashAt("commit")],
    ["process dies before the cleanup", async () => {}, () => crashAt("cleanup-0")],
  ];
}

/** Runs `attempt` under `fault` (it must be interrupted), clears the fault, and runs it again. */
async function deliverDespite(
  label: string,
  fault: () => Promise<unknown>,
  firstStep: (() => Step) | undefined,
  attempt: (step: Step) => Promise<{ status: string }>,
  retryMayFind: "skipped"[] = [],
) {
  await fault();
  const first = await attempt(firstStep ? firstStep() : fastStep(1)).then(
    (outcome) => outcome.status,
    () => "interrupted",
  );
  expect(first, label).toBe("interrupted");
  await api("/emulator/faults", { method: "DELETE", token: emulator.facts.adminToken });
  // The retry, or the next tick. (A backfill whose last chunk committed before the crash finds
  // nothing left: it completes the backfill without a run, which its caller checks.)
  expect(["succeeded", ...retryMayFind], label).toContain((await attempt(fastStep())).status);
}

describe("the export workflow, through the local runner", () => {
  it("delivers every event ingested since the destination's start, and an empty window commits without staging", async () => {
    await ingest(120);
    const { id } = await newDestination("wf_all");
    const runner = createLocalRunner({ baseDelayMs: 5 });
    const [outcome] = await runner.tick();
    expect(outcome).toMatchObject({ status: "succeeded" });
    expect(await tableUuids("wf_all")).toEqual(await expectedUuids(id));
    const run = await db.exportRun.findFirstOrThrow({ where: { destinationId: id } });
    expect(run).toMatchObject({
      status: "SUCCEEDED",
      trigger: "SCHEDULE",
      fileFormat: "PARQUET",
      files: ["part-00000.parquet"],
    });
    expect(run.rows).toBeGreaterThan(0);
    expect((await db.destination.findUniqueOrThrow({ where: { id } })).health).toBe("HEALTHY");

    expect(await runner.tick()).toEqual([]); // not due: next tick is in the future
    await makeDue(id);
    const [empty] = await runner.tick();
    expect(empty).toMatchObject({ status: "succeeded", rows: 0 });
    expect((await db.exportRun.findFirstOrThrow({ where: { id: empty!.runId! } })).files).toEqual([]);
  });

  it("finishes a run planned before Parquet staging in the gzip NDJSON it was planned with", async () => {
    await ingest(30);
    const { id } = await newDestination("wf_ndjson", {}, 1);
    const first = await exportDestination(crashAt("stage-0"), id, WORKER).then(
      (outcome) => outcome.status,
      () => "interrupted",
    );
    expect(first).toBe("interrupted");
    // What the migration left for a run planned before it: its format is NDJSON.
    await db.exportRun.updateMany({ where: { destinationId: id }, data: { fileFormat: "NDJSON" } });
    expect(await exportDestination(fastStep(), id, WORKER)).toMatchObject({ status: "succeeded", runs: 1 });
    const run = await db.exportRun.findFirstOrThrow({ where: { destinationId: id } });
    expect(run).toMatchObject({ status: "SUCCEEDED", fileFormat: "NDJSON", files: ["part-00000.json.gz"] });
    expect(await tableUuids("wf_ndjson")).toEqual(await expectedUuids(id));
    // The next run is planned in Parquet.
    await ingest(5);
    await makeDue(id);
    await exportDestination(fastStep(), id, WORKER);
    const next = await db.exportRun.findFirstOrThrow({ where: { destinationId: id, NOT: { id: run.id } } });
    expect(next).toMatchObject({ status: "SUCCEEDED", fileFormat: "PARQUET", files: ["part-00000.parquet"] });
    expect(await tableUuids("wf_ndjson")).toEqual(await expectedUuids(id));
  });

  it("leaves exactly the source events in the table whatever fails, wherever", async () => {
    const { id } = await newDestination("wf_faults");
    for (const [label, fault, step] of faultScenarios()) {
      await ingest(40);
      await deliverDespite(label, fault, step, async (attempt) => {
        await makeDue(id);
        return exportDestination(attempt, id, WORKER);
      });
      expect(await tableUuids("wf_faults"), label).toEqual(await expectedUuids(id));
    }
    const runs = await db.exportRun.findMany({ where: { destinationId: id } });
    expect(runs.every((run) => run.status === "SUCCEEDED")).toBe(true);
    expect(runs.some((run) => run.attempts > 1)).toBe(true); // failed attempts were resumed, not replaced
  });

  it("fails a revoked destination with PERMISSION_DENIED, alerts, keeps the watermark, and catches up once restored", async () => {
    const webhook = await captureWebhook();
    const smtp = await startSmtpCapture(Number(new URL(process.env.SMTP_URL!).port));
    await ingest(30);
    const { id, sp } = await newDestination("wf_revoked");
    expect((await exportDestination(fastStep(), id, WORKER)).status).toBe("succeeded");
    const watermark = (await db.destination.findUniqueOrThrow({ where: { id } })).watermarkTxid;

    await deleteFederationPolicy(emulator, sp, federationPolicyId(id));
    await ingest(30);
    await makeDue(id);
    const failed = await exportDestination(fastStep(), id, WORKER);
    expect(failed.status).toBe("failed");
    const run = await db.exportRun.findUniqueOrThrow({ where: { id: failed.runId! } });
    expect(run).toMatchObject({
      status: "FAILED",
      errorClass: "PERMISSION_DENIED",
      errorMessage: expect.stringMatching(/federation policy is missing, was deleted/),
    });
    const destination = await db.destination.findUniqueOrThrow({ where: { id } });
    expect(destination).toMatchObject({ health: "FAILING", watermarkTxid: watermark });
    const [alert] = await openAlerts(id);
    expect(alert).toMatchObject({
      kind: "FAILING",
      webhookStatus: "1 webhook(s)",
      emailStatus: "sent",
      message: expect.stringMatching(/PERMISSION_DENIED/),
    });
    expect(smtp.mails).toEqual([
      expect.objectContaining({
        auth: null,
        from: "deltaport-alerts@acme.test",
        to: ["admin@acme.test"],
        data: expect.stringContaining("Subject: Deltaport: main.analytics.wf_revoked is failing"),
      }),
    ]);
    await smtp.close();
    const opened = {
      event: "alert.opened",
      text: expect.stringMatching(
        /^:red_circle: main\.analytics\.wf_revoked is failing: .*PERMISSION_DENIED/,
      ),
      alert: expect.objectContaining({ kind: "FAILING", state: "open" }),
      destination: { id, name: "main.analytics.wf_revoked" },
    };
    expect(webhook.received).toEqual([opened]);

    await createFederationPolicy(emulator, {
      projectId: project.id,
      destinationId: id,
      clientId: sp.applicationId,
    });
    await ingest(30);
    await makeDue(id);
    expect((await exportDestination(fastStep(), id, WORKER)).status).toBe("succeeded");
    expect(await tableUuids("wf_revoked")).toEqual(await expectedUuids(id));
    expect((await db.destination.findUniqueOrThrow({ where: { id } })).health).toBe("HEALTHY");
    expect(await openAlerts(id)).toEqual([]);
    // The same receiver hears that it is resolved.
    expect(webhook.received).toEqual([
      opened,
      {
        event: "alert.resolved",
        text: expect.stringMatching(/^:large_green_circle: main\.analytics\.wf_revoked is no longer failing/),
        alert: expect.objectContaining({
          kind: "FAILING",
          state: "resolved",
          resolvedAt: expect.any(String),
        }),
        destination: { id, name: "main.analytics.wf_revoked" },
      },
    ]);
    await webhook.close();
  });

  it("alerts when the lag passes twice the interval, and clears it once delivered", async () => {
    const { id } = await newDestination("wf_lag");
    await ingest(10);
    const later = new Date(Date.now() + 31 * 60_000); // 15-minute interval: lag over 30 minutes
    expect((await checkLagAlerts(later)).raised).toBeGreaterThanOrEqual(1);
    expect((await openAlerts(id)).map((alert) => alert.kind)).toEqual(["LAG"]);
    expect((await exportDestination(fastStep(), id, WORKER)).status).toBe("succeeded");
    // Lag now counts from that run, planned just now.
    await checkLagAlerts(new Date(Date.now() + 60_000));
    expect(await openAlerts(id)).toEqual([]);
  });

  it("fans out: two destinations with different filters each receive exactly their subset", async () => {
    await ingest(60, "checkout");
    const purchases = await newDestination(
      "wf_checkout",
      { eventTypes: { operator: "is", values: ["checkout"] } },
      0,
    );
    const others = await newDestination(
      "wf_others",
      { eventTypes: { operator: "is_not", values: ["checkout"] } },
      1,
    );
    await createLocalRunner({ baseDelayMs: 5 }).tick(); // both at once, as a tick runs them
    expect(await tableUuids("wf_checkout")).toEqual(
      await expectedUuids(purchases.id, (e) => e.eventType === "checkout"),
    );
    expect(await tableUuids("wf_others")).toEqual(
      await expectedUuids(others.id, (e) => e.eventType !== "checkout"),
    );
  });

  it("keeps a run's frozen filter when the filter is edited between a failed attempt and its retry", async () => {
    await ingest(40, "keep");
    const { id } = await newDestination("wf_frozen", { eventTypes: { operator: "is", values: ["keep"] } });
    await inject({ kind: "copy", httpStatus: 500, phase: "before", count: 5 });
    await exportDestination(fastStep(1), id, WORKER).catch(() => undefined);
    await updateSchedule(actor, await db.destination.findUniqueOrThrow({ where: { id } }), {
      frequencyMinutes: 15,
      filter: { eventTypes: { operator: "is", values: ["other"] }, conditions: [] },
    });
    await api("/emulator/faults", { method: "DELETE", token: emulator.facts.adminToken });
    await makeDue(id);
    expect((await exportDestination(fastStep(), id, WORKER)).status).toBe("succeeded");
    const loaded = await admin.query("SELECT DISTINCT event_type FROM main.analytics.wf_frozen");
    expect(loaded).toEqual([{ event_type: "keep" }]);
  });
});

/**
 * An alert webhook of the test's organization, as a receiver would run it: it checks each
 * message's signature (and refuses a bad one with 401) and keeps the bodies it accepted.
 */
async function captureWebhook() {
  const received: Record<string, unknown>[] = [];
  let secret = "";
  const receiver = await startReceiver({
    path: "/alerts",
    answer: ({ body, headers }) => {
      const header = String(headers[SIGNATURE_HEADER] ?? "");
      const timestamp = Number(/t=(\d+)/.exec(header)?.[1]);
      const fresh = Math.abs(Date.now() / 1000 - timestamp) < 300;
      if (!fresh || header !== webhookSignature(secret, timestamp, body)) return 401;
      received.push(JSON.parse(body));
      return 204;
    },
  });
  const webhook = await addWebhook(actor, receiver.url);
  secret = webhook.secret;
  return {
    received,
    close: async () => {
      await db.organizationWebhook.delete({ where: { id: webhook.id } });
      await receiver.close();
    },
  };
}

/** A Step that dies (as a crashed process would) when it reaches `name`, once. */
function crashAt(name: string): Step {
  const inner = fastStep(1);
  let crashed = false;
  return {
    run(stepName, work) {
      if (stepName === name && !crashed) {
        crashed = true;
        return Promise.reject(new Error(`process died before ${name}`));
      }
      return inner.run(stepName, work);
    },
  };
}

describe("what Databricks refuses, told apart", () => {
  /** Creates `table` as the metastore admin and lets the destination's principal write to it. */
  // (These tests' destinations use the second service principal: the emulator, as Databricks,
  // allows 20 federation policies per service principal, and the other tests use the first.)
  async function customerTable(table: string, columns: string, spIndex: number) {
    const sp = emulator.facts.servicePrincipals[spIndex]!;
    await admin.query(`CREATE TABLE main.analytics.${table} (${columns}) USING DELTA`);
    await admin.query(`GRANT SELECT, MODIFY ON TABLE main.analytics.${table} TO \`${sp.applicationId}\``);
  }

  it("stops a run on a table whose column has another type, naming it, before changing anything", async () => {
    await customerTable("wf_drift", "uuid STRING, event_time STRING, event_type STRING", 1);
    await ingest(10);
    const { id } = await newDestination("wf_drift", {}, 1);
    const outcome = await exportDestination(fastStep(1), id, WORKER); // one attempt, no retries
    expect(outcome.status).toBe("failed");
    const run = await db.exportRun.findUniqueOrThrow({ where: { id: outcome.runId! } });
    expect(run).toMatchObject({
      status: "FAILED",
      errorClass: "SCHEMA_MISMATCH",
      errorMessage: expect.stringMatching(/`event_time` is STRING in the table, Deltaport writes TIMESTAMP/),
    });
    expect(await db.exportRun.count({ where: { destinationId: id, status: "RUNNING" } })).toBe(0);
    const destination = await db.destination.findUniqueOrThrow({ where: { id } });
    expect(destination).toMatchObject({ health: "FAILING", watermarkTxid: null });
    // Nothing was added to the customer's table.
    const described = await admin.query("DESCRIBE TABLE main.analytics.wf_drift");
    expect(described.map((row) => row.col_name)).toEqual(["uuid", "event_time", "event_type"]);
  });

  it("turns on the VARIANT type of an existing table before adding VARIANT columns", async () => {
    const plain = (await import("@/lib/exports/event-table"))
      .tableColumns("VARIANT")
      .filter((c) => c.type !== "VARIANT")
      .map((c) => `\`${c.name}\` ${c.type}`)
      .join(", ");
    await customerTable("wf_variant", plain, 1);
    await ingest(10);
    const { id } = await newDestination("wf_variant", {}, 1);
    await db.destination.update({ where: { id }, data: { jsonColumnType: "VARIANT" } });
    expect(await exportDestination(fastStep(1), id, WORKER)).toMatchObject({ status: "succeeded" });
    expect(await tableUuids("wf_variant")).toEqual(await expectedUuids(id));
    const types = new Map(
      (await admin.query("DESCRIBE TABLE main.analytics.wf_variant")).map((row) => [
        row.col_name,
        row.data_type,
      ]),
    );
    expect(types.get("event_properties")).toBe("variant");
  });

  it("exchanges the token again once when Databricks no longer accepts it", async () => {
    await ingest(10);
    const { id } = await newDestination("wf_expired", {}, 1);
    // Between two steps of a run the cached token stops being accepted (403), as an expired
    // or revoked one does; the step has no retry of its own.
    const inner = fastStep(1);
    const expiring: Step = {
      run(name, work) {
        if (name === "stage-0") emulator.revokeTokens();
        return inner.run(name, work);
      },
    };
    expect(await exportDestination(expiring, id, WORKER)).toMatchObject({ status: "succeeded" });
    expect(await tableUuids("wf_expired")).toEqual(await expectedUuids(id));
  });

  it("is cut off by the page's REVOKE SQL, although it owns the table it created", async () => {
    await ingest(10);
    const { id, sp } = await newDestination("wf_revoke_sql", {}, 1);
    expect(await exportDestination(fastStep(1), id, WORKER)).toMatchObject({ status: "succeeded" });
    const destination = await db.destination.findUniqueOrThrow({ where: { id } });
    const statements = revokeSql({ applicationId: sp.applicationId, ...destination })
      .split("\n")
      .filter((line) => !line.startsWith("--"));
    for (const statement of statements) await admin.query(statement.replace(/;$/, ""));
    await ingest(10);
    await makeDue(id);
    const outcome = await exportDestination(fastStep(1), id, WORKER);
    expect(outcome.status).toBe("failed");
    expect(await db.exportRun.findUniqueOrThrow({ where: { id: outcome.runId! } })).toMatchObject({
      errorClass: "PERMISSION_DENIED",
      errorMessage: expect.stringMatching(/USE (CATALOG|SCHEMA)/),
    });
    // Put back for the other tests of this principal.
    await runGrantsSql(emulator, { clientId: sp.applicationId });
  });

  it("waits for a stopped warehouse to start (503 TEMPORARILY_UNAVAILABLE) and delivers", async () => {
    await ingest(10);
    const { id } = await newDestination("wf_cold", {}, 1);
    expect(
      (await api("/emulator/warehouse/stop", { token: emulator.facts.adminToken, json: {} })).body,
    ).toEqual({ state: "STOPPED" });
    expect(await exportDestination(fastStep(), id, WORKER)).toMatchObject({ status: "succeeded" });
    expect(await tableUuids("wf_cold")).toEqual(await expectedUuids(id));
  });

  it("fails a run whose upload the volume's storage refuses, saying what to check", async () => {
    await ingest(10);
    const { id } = await newDestination("wf_firewall", {}, 1);
    await inject({ kind: "staging", httpStatus: 403, count: 1 });
    const outcome = await exportDestination(fastStep(1), id, WORKER);
    expect(outcome.status).toBe("failed");
    expect(await db.exportRun.findUniqueOrThrow({ where: { id: outcome.runId! } })).toMatchObject({
      status: "FAILED",
      errorClass: "STORAGE_REFUSED",
      errorMessage: expect.stringMatching(
        /cloud storage refused the upload: check the storage account's firewall/,
      ),
    });
  });

  it("fails a run on an error it does not recognise after a bounded number of attempts", async () => {
    await ingest(10);
    const { id } = await newDestination("wf_unknown", {}, 1);
    await inject({ kind: "statement", httpStatus: 500, count: 1000 });
    const statuses: string[] = [];
    for (let dispatch = 0; dispatch < 5; dispatch++) {
      const outcome = await exportDestination(fastStep(2), id, WORKER).then(
        (o) => o.status,
        () => "interrupted",
      );
      statuses.push(outcome);
      if (outcome === "failed") break;
      // The next dispatch resumes the run once this one's lease is given up.
      await db.exportRun.updateMany({ where: { destinationId: id }, data: { leaseExpiresAt: new Date(0) } });
    }
    expect(statuses).toEqual(["interrupted", "interrupted", "failed"]);
    const run = await db.exportRun.findFirstOrThrow({ where: { destinationId: id } });
    expect(run).toMatchObject({ status: "FAILED", errorClass: "UNKNOWN", attempts: 3 });
    expect((await db.destination.findUniqueOrThrow({ where: { id } })).health).toBe("FAILING");
  });
});

describe("bounded runs, one worker at a time", () => {
  it("delivers a backlog three times the cap in successive runs, each within the cap", async () => {
    const { id } = await newDestination("wf_capped");
    // Only this test's events: other tests' batches (of any size) are uploaded before this floor.
    await db.destination.update({ where: { id }, data: { exportFrom: new Date() } });
    await ingest(30); // one transaction of 30 rows: a cut never splits it
    await ingest(30);
    await ingest(30);
    const before = await expectedUuids(id);
    // A cap below the backlog: runs follow each other in one call until the backlog is delivered.
    const maxRows = Math.ceil(before.length / 3);
    const waiting = await db.destination.findUniqueOrThrow({ where: { id } });
    // The page's backlog is counted up to a cap, never by scanning the whole backlog.
    expect(await backlogEstimate(waiting, maxRows)).toEqual({ count: maxRows, more: true });
    expect(await backlogEstimate(waiting, before.length)).toEqual({ count: before.length, more: false });
    // Lag counts from the destination's creation until a run catches up.
    expect(lagOf(waiting)).toBeGreaterThanOrEqual(0);
    const outcome = await exportDestination(fastStep(), id, WORKER, { maxRows });
    expect(outcome).toMatchObject({ status: "succeeded", rows: before.length });
    expect(outcome.runs).toBeGreaterThanOrEqual(3);
    const runs = await db.exportRun.findMany({ where: { destinationId: id }, orderBy: { queuedAt: "asc" } });
    expect(runs).toHaveLength(outcome.runs);
    // Each run stays within the cap, give or take the one transaction it must not split (≤ 30 rows).
    for (const run of runs) expect(run.rows!).toBeLessThanOrEqual(maxRows + 30);
    expect(runs.slice(0, -1).every((run) => run.capped)).toBe(true);
    expect(runs.at(-1)!.capped).toBe(false);
    // Windows are contiguous: each starts where the previous ended.
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.fromTxid).toBe(runs[i - 1]!.toTxid);
    expect(await tableUuids("wf_capped")).toEqual(before);
    // Caught up: the next run is at the next tick, not now, and nothing waits.
    const destination = await db.destination.findUniqueOrThrow({ where: { id } });
    expect(await backlogEstimate(destination)).toEqual({ count: 0, more: false });
    // Lag now counts from the last run, the one that caught up (not from a capped one).
    expect(destination.deliveredThrough).toEqual(runs.at(-1)!.startedAt);
    expect(lagOf(destination)).toBeLessThan(60_000);
    expect(destination.nextRunAt.getTime()).toBeGreaterThan(Date.now());
  });

  it("leaves exactly the source events in the table whatever fails, in capped runs and in backfill chunks", async () => {
    const capped = (await newDestination("wf_faults_capped")).id;
    // Only this test's events: a recovery delivers its backlog within one call's step budget.
    await db.destination.update({ where: { id: capped }, data: { exportFrom: new Date() } });
    const chunked = (await newDestination("wf_faults_backfill")).id;
    const floor = (await db.destination.findUniqueOrThrow({ where: { id: chunked } })).exportFrom;
    const scenarios = faultScenarios();
    // History, one day per scenario, stored before any run (as history is: the recurring
    // export's first window starts at the time floor, and later ones after its horizon).
    const dayBack = (n: number) => new Date(floor.getTime() - n * 86_400_000);
    for (let n = 1; n <= scenarios.length; n++)
      await storeHistory(30, new Date(dayBack(n).getTime() + 3_600_000));
    let daysBack = 0;
    for (const [label, fault, step] of scenarios) {
      // Capped: four transactions of 10 events, runs of at most 15 (so one transaction each).
      for (let i = 0; i < 4; i++) await ingest(10);
      await deliverDespite(`${label} (capped)`, fault, step, async (attempt) => {
        await makeDue(capped);
        return exportDestination(attempt, capped, WORKER, { maxRows: 15 });
      });
      expect(await tableUuids("wf_faults_capped"), `${label} (capped)`).toEqual(await expectedUuids(capped));

      // Backfill: a day further back each time, in chunks of at most 15.
      const day = dayBack(++daysBack);
      const destination = await db.destination.findUniqueOrThrow({ where: { id: chunked } });
      const backfill = await startBackfill(actor, destination, {
        backfillFrom: day.toISOString().slice(0, 10),
        redeliver: false,
      });
      await deliverDespite(
        `${label} (backfill)`,
        fault,
        step,
        (attempt) => exportBackfill(attempt, backfill.id, WORKER, { maxRows: 15 }),
        ["skipped"],
      );
      expect(await db.backfill.findUniqueOrThrow({ where: { id: backfill.id } })).toMatchObject({
        status: "COMPLETED",
      });
      const history = await db.event.findMany({
        where: { projectId: project.id, serverUploadTime: { gte: day, lt: floor } },
        select: { uuid: true },
      });
      expect(await tableUuids("wf_faults_backfill"), `${label} (backfill)`).toEqual(
        history.map((e) => e.uuid).sort(),
      );
    }
  });

  it("lets only one of two racing workers work on a destination's run, and delivers once", async () => {
    await ingest(40);
    const { id } = await newDestination("wf_race");
    // Two workers on the same due destination at once: the planner's lock and the lease let one in.
    const outcomes = await Promise.all([
      exportDestination(fastStep(), id, "worker-a"),
      exportDestination(fastStep(), id, "worker-b"),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["skipped", "succeeded"]);
    // Two runners ticking at once: the one that finds the run leased is not even dispatched.
    await ingest(40);
    await makeDue(id);
    const [a, b] = [
      createLocalRunner({ baseDelayMs: 5, owner: "runner-a" }),
      createLocalRunner({ baseDelayMs: 5, owner: "runner-b" }),
    ];
    const ticks = (await Promise.all([a.tick(), b.tick()])).flat().map((outcome) => outcome?.status);
    expect(ticks.filter((status) => status === "succeeded")).toHaveLength(1);
    expect(ticks.filter((status) => status !== "succeeded" && status !== "skipped")).toEqual([]);
    const runs = await db.exportRun.findMany({ where: { destinationId: id } });
    expect(runs.map((run) => run.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    expect(runs.every((run) => run.attempts === 1)).toBe(true);
    expect(await tableUuids("wf_race")).toEqual(await expectedUuids(id));
  });

  it("does not dispatch a destination whose run is held under a fresh lease, and takes over a stale one", async () => {
    await ingest(20);
    const { id } = await newDestination("wf_stale");
    // A worker planned the run and died with it (its lease is still fresh).
    await exportDestination(crashAt("prepare"), id, "dead-worker").catch(() => undefined);
    const run = await db.exportRun.findFirstOrThrow({ where: { destinationId: id } });
    expect(run).toMatchObject({ status: "RUNNING", leaseOwner: "dead-worker" });

    const runner = createLocalRunner({ baseDelayMs: 5, owner: "live-worker" });
    expect(await runner.tick()).toEqual([]); // not dispatched while the lease is fresh
    expect((await exportDestination(fastStep(), id, "live-worker")).status).toBe("skipped");

    // The lease goes stale: the next worker takes the run over and finishes it, once.
    await db.exportRun.update({
      where: { id: run.id },
      data: { leaseExpiresAt: new Date(Date.now() - 1000) },
    });
    const [outcome] = await runner.tick();
    expect(outcome).toMatchObject({ status: "succeeded", runId: run.id });
    expect(await db.exportRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      status: "SUCCEEDED",
      leaseOwner: "live-worker",
      attempts: 2,
    });
    expect(await tableUuids("wf_stale")).toEqual(await expectedUuids(id));
  });

  it("never changes a finished run's status, and the worker that lost a run cannot commit it", async () => {
    await ingest(10);
    const { id } = await newDestination("wf_final");
    const { runId } = await exportDestination(fastStep(), id, WORKER);
    await recordRunFailure(runId!, new DatabricksError("SCHEMA_MISMATCH", "late failure"));
    expect(await db.exportRun.findUniqueOrThrow({ where: { id: runId! } })).toMatchObject({
      status: "SUCCEEDED",
      errorClass: null,
    });
    expect((await db.destination.findUniqueOrThrow({ where: { id } })).health).toBe("HEALTHY");
    await expect(renewLease(runId!, "someone-else")).rejects.toBeInstanceOf(LeaseLost);
  });
});

describe("historical backfill", () => {
  const DAY = 86_400_000;
  /** The uuids of the project's events uploaded in [from, to). */
  async function uuidsBetween(from: Date, to: Date) {
    const events = await db.event.findMany({
      where: { projectId: project.id, serverUploadTime: { gte: from, lt: to } },
      select: { uuid: true },
    });
    return events.map((event) => event.uuid).sort();
  }

  const destinationOf = (id: string) => db.destination.findUniqueOrThrow({ where: { id } });
  const backfillDay = (date: Date) => ({ backfillFrom: date.toISOString().slice(0, 10), redeliver: false });

  it("delivers 30 days of history in chunks, survives a cancel half-way, and finishes the rest once", async () => {
    const smtp = await startSmtpCapture(Number(new URL(process.env.SMTP_URL!).port));
    const { id } = await newDestination("bf_history");
    const destination = await destinationOf(id);
    const floor = destination.exportFrom;
    for (let day = 30; day >= 1; day--)
      await storeHistory(10, new Date(floor.getTime() - day * DAY + 3_600_000));
    const from = new Date(floor.getTime() - 30 * DAY);
    const history = await uuidsBetween(from, floor);
    expect(history.length).toBeGreaterThanOrEqual(300);

    const backfill = await startBackfill(actor, destination, backfillDay(from));
    expect(backfill).toMatchObject({ from, to: floor, cursor: from, estimatedRows: history.length });
    // Chunks of 40 events; cancelled after the third chunk's commit.
    let commits = 0;
    const cancelling: Step = {
      async run(name, work) {
        const result = await fastStep().run(name, work);
        if (name.startsWith("commit") && ++commits === 3) await cancelBackfill(actor, destination);
        return result;
      },
    };
    const first = await exportBackfill(cancelling, backfill.id, WORKER, { maxRows: 40 });
    expect(first.runs).toBe(3);
    const cancelled = await db.backfill.findUniqueOrThrow({ where: { id: backfill.id } });
    expect(cancelled).toMatchObject({ status: "CANCELLED", chunksDone: 3 });
    expect(cancelled.deliveredRows).toBe((await tableUuids("bf_history")).length);

    // Started again from the same day: only the rest, [where it stopped, the floor).
    const rest = await startBackfill(actor, destination, backfillDay(from));
    expect(rest).toMatchObject({ from: cancelled.cursor, to: floor });
    const second = await exportBackfill(fastStep(), rest.id, WORKER, { maxRows: 40 });
    expect(second.status).toBe("succeeded");
    expect(await db.backfill.findUniqueOrThrow({ where: { id: rest.id } })).toMatchObject({
      status: "COMPLETED",
    });
    // The organization's admins get a notice.
    await expect.poll(() => smtp.mails.length).toBe(1);
    expect(smtp.mails[0]!.data).toMatch(/the backfill of main\.analytics\.bf_history completed/i);
    expect(smtp.mails[0]!.to).toEqual(["admin@acme.test"]);
    await smtp.close();
    expect(await tableUuids("bf_history")).toEqual(history);
    const runs = await db.exportRun.findMany({ where: { destinationId: id, trigger: "BACKFILL" } });
    expect(runs.every((run) => run.rows! <= 40 + 10)).toBe(true); // a chunk never splits a millisecond (10 rows)

    // The whole range is covered now: a second backfill is refused with the covered range.
    await expect(startBackfill(actor, destination, backfillDay(from))).rejects.toThrow(
      /already delivered by an earlier backfill/,
    );
    // Deliver again is possible, knowingly: audited.
    const again = await startBackfill(actor, destination, { ...backfillDay(from), redeliver: true });
    expect(again).toMatchObject({ from, to: floor, redeliver: true });
    await cancelBackfill(actor, destination);
    expect(
      await db.auditEvent.count({ where: { resourceId: id, action: "destination.backfill.redeliver" } }),
    ).toBe(1);
  });

  it("runs beside the recurring export, and splits the seam exactly at the time floor", async () => {
    const { id } = await newDestination("bf_seam");
    const destination = await destinationOf(id);
    const floor = destination.exportFrom;
    await storeHistory(3, new Date(floor.getTime() - 1)); // one millisecond before the floor: the backfill's
    await storeHistory(4, floor); // at the floor: the recurring export's
    await storeHistory(5, new Date(floor.getTime() - 2 * DAY));
    await ingest(20); // today's
    const from = new Date(floor.getTime() - 2 * DAY);
    const backfill = await startBackfill(actor, destination, backfillDay(from));
    const [history, live] = await Promise.all([
      exportBackfill(fastStep(), backfill.id, "backfill-worker"),
      exportDestination(fastStep(), id, "live-worker"),
    ]);
    // The backfill takes exactly [from, floor): the 3 events one millisecond before the floor, not the 4 at it.
    const before = await uuidsBetween(from, floor);
    expect(before.length).toBeGreaterThanOrEqual(8);
    expect(history).toMatchObject({ status: "succeeded", rows: before.length });
    expect(live.status).toBe("succeeded");
    const everything = await uuidsBetween(from, new Date(Date.now() + 60_000));
    expect(await tableUuids("bf_seam")).toEqual(everything); // each event once
    expect(history.rows + live.rows).toBe(everything.length);
  });

  it("costs no run for an empty range, and refuses a day at or after the floor", async () => {
    const { id } = await newDestination("bf_empty");
    const destination = await destinationOf(id);
    const floor = destination.exportFrom;
    const backfill = await startBackfill(
      actor,
      destination,
      backfillDay(new Date(floor.getTime() - 400 * DAY)),
    );
    // (Other tests' history lies within 30 days of their own floors: move this range before it all.)
    await db.backfill.update({
      where: { id: backfill.id },
      data: { to: new Date(floor.getTime() - 300 * DAY) },
    });
    expect(await exportBackfill(fastStep(), backfill.id, WORKER)).toMatchObject({
      status: "skipped",
      runs: 0,
    });
    expect(await db.backfill.findUniqueOrThrow({ where: { id: backfill.id } })).toMatchObject({
      status: "COMPLETED",
    });
    expect(await db.exportRun.count({ where: { backfillId: backfill.id } })).toBe(0);
    await expect(startBackfill(actor, destination, backfillDay(floor))).rejects.toThrow(
      /Choose a day before/,
    );
  });
});

describe("the contract with Databricks", () => {
  // Last in this file: the log holds every statement the runs above sent.
  it("sends only statements that emulator/README.md lists with the page that specifies them", async () => {
    const { body } = await api("/emulator/statements", { token: emulator.facts.adminToken });
    const sent = (body as { statements: { principal: string; statement: string }[] }).statements
      .filter((entry) => entry.principal !== ADMIN_PRINCIPAL)
      .map((entry) => entry.statement);
    expect(sent.length).toBeGreaterThan(100);
    expect(outsideContract(sent)).toEqual([]);
  });
});

describe("the merged-IDs export", () => {
  /** Anonymous devices, then the same devices identified as users: each identify is a merge. */
  async function ingestMerges(count: number) {
    const tag = `merge-${counter++}`;
    const device = (i: number) => `${tag}-device-${i}`;
    const user = (i: number) => `${tag}-user-${i}`;
    const event = (i: number, withUser: boolean, index: number) => ({
      index,
      eventType: "identified",
      deviceId: device(i),
      userId: withUser ? user(i) : null,
      time: Date.now(),
      insertId: null,
      raw: {},
    });
    const at = { receivedAt: new Date(), requestIp: null };
    // The users exist first, on devices of their own; then each anonymous device signs in.
    await storeEvents(
      project,
      Array.from({ length: count }, (_, i) => ({ ...event(i, true, i), deviceId: `${device(i)}-own` })),
      at,
    );
    await storeEvents(
      project,
      Array.from({ length: count }, (_, i) => event(i, false, i)),
      at,
    );
    await storeEvents(
      project,
      Array.from({ length: count }, (_, i) => event(i, true, i)),
      at,
    );
  }
  const ledger = async (from: Date, to = new Date(8.64e15)) =>
    (
      await db.identityMerge.findMany({
        where: { projectId: project.id, mergeServerTime: { gte: from, lt: to } },
      })
    )
      .map((m) =>
        [
          String(m.amplitudeId),
          String(m.mergedAmplitudeId),
          m.mergeEventTime.toISOString(),
          m.mergeServerTime.toISOString(),
          String(project.appId),
        ].join(" "),
      )
      .sort();
  const tableLedger = async (table: string) =>
    (
      await admin.query(
        `SELECT amplitude_id, merged_amplitude_id, merge_event_time, merge_server_time, app FROM main.analytics.${table}`,
      )
    )
      .map((row) =>
        [
          String(row.amplitude_id),
          String(row.merged_amplitude_id),
          new Date(String(row.merge_event_time)).toISOString(),
          new Date(String(row.merge_server_time)).toISOString(),
          String(row.app),
        ].join(" "),
      )
      .sort();

  it("delivers each run's merges into their own typed table, once, whatever fails, and in backfill chunks", async () => {
    const table = `wf_ids_${counter}`;
    const { id } = await newDestination(table, {}, 1);
    await db.destination.update({ where: { id }, data: { mergedIdsTable: `${table}_merged_ids` } });
    const destination = await db.destination.findUniqueOrThrow({ where: { id } });
    await ingestMerges(4);
    await ingest(6);
    expect(await exportDestination(fastStep(), id, WORKER)).toMatchObject({ status: "succeeded" });
    const expected = await ledger(destination.exportFrom);
    expect(expected).toHaveLength(4);
    expect(await tableLedger(`${table}_merged_ids`)).toEqual(expected);
    const run = await db.exportRun.findFirstOrThrow({
      where: { destinationId: id },
      orderBy: { queuedAt: "desc" },
    });
    expect(run).toMatchObject({ mergeRows: 4, mergeFiles: ["merges-00000.parquet"] });
    const described = await admin.query(`DESCRIBE TABLE main.analytics.${table}_merged_ids`);
    expect(described.slice(0, 5).map((row) => `${row.col_name} ${row.data_type}`)).toEqual([
      "amplitude_id bigint",
      "merged_amplitude_id bigint",
      "merge_event_time timestamp",
      "merge_server_time timestamp",
      "app bigint",
    ]);

    // Every fault at every boundary: the table still holds each merge once.
    for (const [label, fault, firstStep] of faultScenarios()) {
      await ingestMerges(2);
      await deliverDespite(label, fault, firstStep, async (step) => {
        await makeDue(id);
        return exportDestination(step, id, WORKER);
      });
      expect(await tableLedger(`${table}_merged_ids`), label).toEqual(await ledger(destination.exportFrom));
    }

    // History before the destination's floor goes with a backfill, merges included.
    const floor = destination.exportFrom;
    const day = new Date(floor.getTime() - 3 * 86_400_000);
    await ingestMerges(3);
    const history = await ledger(floor); // the newest three are moved into the past
    const moved = await db.identityMerge.findMany({
      where: { projectId: project.id },
      orderBy: { id: "desc" },
      take: 3,
    });
    await db.identityMerge.updateMany({
      where: { id: { in: moved.map((m) => m.id) } },
      data: { mergeServerTime: day },
    });
    const backfill = await startBackfill(actor, destination, {
      backfillFrom: new Date(floor.getTime() - 5 * 86_400_000).toISOString().slice(0, 10),
      redeliver: false,
    });
    expect(await exportBackfill(fastStep(), backfill.id, WORKER)).toMatchObject({ status: "succeeded" });
    const all = await tableLedger(`${table}_merged_ids`);
    expect(all).toHaveLength(history.length); // the three moved back, delivered once
    expect(all).toEqual(await ledger(new Date(0)));
  });
  it("gives every event its canonical amplitude_id through the page's view SQL, chains included", async () => {
    const table = `wf_view_${counter}`;
    const { id } = await newDestination(table, {}, 1);
    await db.destination.update({ where: { id }, data: { mergedIdsTable: `${table}_merged_ids` } });
    const tag = `view-${counter++}`;
    const one = (deviceId: string, userId: string | null, index = 0) => ({
      index,
      eventType: "step",
      deviceId,
      userId,
      time: Date.now(),
      insertId: null,
      raw: {},
    });
    const store = (...events: ReturnType<typeof one>[]) =>
      storeEvents(project, events, { receivedAt: new Date(), requestIp: null });
    // A chain from a ledger written before only anonymous ids merged: A into B (anonymous).
    await store(one(`${tag}-a`, null)); // A: an anonymous device
    await store(one(`${tag}-b`, null)); // B: another
    await store(one(`${tag}-c-own`, `${tag}-c`)); // C: a user
    const ids = async (deviceId: string) =>
      (await db.event.findMany({ where: { projectId: project.id, deviceId }, orderBy: { id: "asc" } })).map(
        (e) => String(e.amplitudeId),
      );
    const [a] = await ids(`${tag}-a`);
    const [b] = await ids(`${tag}-b`);
    const [c] = await ids(`${tag}-c-own`);
    expect(new Set([a, b, c]).size).toBe(3);
    await db.identityMerge.create({
      data: {
        projectId: project.id,
        amplitudeId: BigInt(a!),
        mergedAmplitudeId: BigInt(b!),
        mergeEventTime: new Date(),
        mergeServerTime: new Date(),
      },
    });
    await store(one(`${tag}-b`, `${tag}-c`)); // B merged into C: A goes with it

    expect(await exportDestination(fastStep(), id, WORKER)).toMatchObject({ status: "succeeded" });
    const destination = await db.destination.findUniqueOrThrow({ where: { id } });
    await admin.query(canonicalEventsViewSql(destination, `${table}_merged_ids`));
    const rows = await admin.query(
      `SELECT amplitude_id, canonical_amplitude_id FROM main.analytics.${table}_canonical WHERE amplitude_id IN (${a}, ${b}, ${c})`,
    );
    const canonical = new Map(
      rows.map((row) => [String(row.amplitude_id), String(row.canonical_amplitude_id)]),
    );
    expect(Object.fromEntries(canonical)).toEqual({ [a!]: c, [b!]: c, [c!]: c });
  });
});
