// The test bed of the integration files that export a scratch project's events to the
// emulator: the demo seeded, Deltaport's issuer served, the emulator started (with an admin SQL
// connection and its fault API), and a fresh project of the demo organization before each test,
// so that a destination's window holds only that test's events. Everything the file made in
// those projects is deleted afterwards (the files of a run share one database: the seed test
// counts projects, and the scheduler must find none of these destinations).
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/index";
import { localStep } from "@/inngest/local-runner";
import { db } from "@/lib/db/prisma";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";
import { createDestination } from "@/lib/destinations/create-destination";
import { newDestinationId } from "@/lib/destinations/destination-id";
import type { DestinationInput } from "@/lib/destinations/destination-input";
import { authorizeDestination } from "@/tests/support/authorize-destination";
import { scratchProject } from "@/tests/support/catalog-fixtures";
import { serveDeltaportIssuer } from "@/tests/support/deltaport-issuer";
import { destinationInput } from "@/tests/support/destination-input";
import { connectSql, emulatorFetch, type SqlConnection } from "@/tests/support/emulator-client";

export type ExportTestBed = {
  emulator: RunningEmulator;
  /** The emulator's admin, for SQL on its tables. */
  admin: SqlConnection;
  /** The test's project, and its admin acting on it (the demo's admin). */
  project: { id: string; appId: bigint };
  actor: { userId: string; organizationId: string; projectId: string };
  /** Injects an emulator fault (emulator/faults.ts), or clears them all. */
  inject: (fault: object) => Promise<unknown>;
  clearFaults: () => Promise<unknown>;
  /** The emulator's fault log. */
  faultLog: () => Promise<{ kind: string }[]>;
  /**
   * A destination of the test's project writing main.analytics.`table`, authorized in the
   * emulator as its admin would, and due now; `input` changes the wizard's defaults.
   */
  newDestination: (table: string, input?: Partial<DestinationInput>) => Promise<string>;
};

export const TEST_WORKER = "test-worker";
export const fastStep = (maxAttempts = 3) => localStep({ maxAttempts, baseDelayMs: 5 });
export const makeDue = (id: string) =>
  db.destination.update({ where: { id }, data: { nextRunAt: new Date(Date.now() - 1000) } });

/** Registers the file's hooks; the returned object is filled in as they run. */
export function exportTestBed(prefix: string): ExportTestBed {
  const bed = {} as ExportTestBed;
  const projects: string[] = [];
  let issuer: { close: () => Promise<void> };
  let organizationId: string;
  let adminId: string;
  let api: ReturnType<typeof emulatorFetch>;

  beforeAll(async () => {
    await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
    organizationId = (await db.project.findUniqueOrThrow({ where: { apiKey: DEFAULT_DEMO_API_KEY } }))
      .organizationId;
    adminId = (await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } })).id;
    issuer = await serveDeltaportIssuer();
    bed.emulator = await startEmulator({ tlsDir: process.env.TEST_EMULATOR_TLS_DIR, warehouseStartMs: 50 });
    api = emulatorFetch(bed.emulator.facts);
    const token = bed.emulator.facts.adminToken;
    bed.inject = (fault) => api("/emulator/faults", { token, json: fault });
    bed.clearFaults = () => api("/emulator/faults", { method: "DELETE", token });
    bed.faultLog = async () =>
      ((await api("/emulator/faults", { token })).body as { log: { kind: string }[] }).log;
    bed.admin = await connectSql(bed.emulator.facts, token);
  });

  afterAll(async () => {
    await bed.admin.close();
    await bed.emulator.stop();
    await issuer.close();
    const where = { projectId: { in: projects } };
    const destinations = await db.destination.findMany({ where, select: { id: true } });
    await db.auditEvent.deleteMany({
      where: { resourceId: { in: [...projects, ...destinations.map((d) => d.id)] } },
    });
    await db.customEvent.deleteMany({ where });
    await db.transformation.deleteMany({ where });
    await db.catalogProperty.deleteMany({ where });
    await db.catalogEventTypeDay.deleteMany({ where });
    await db.catalogEventType.deleteMany({ where });
    await db.eventCategory.deleteMany({ where });
    await db.$executeRawUnsafe(`DELETE FROM catalog_discovery WHERE project_id = ANY($1)`, projects);
    await db.event.deleteMany({ where });
    // Runs, snapshots and destinations go with their projects.
    await db.project.deleteMany({ where: { id: { in: projects } } });
    await db.$disconnect();
  });

  beforeEach(async () => {
    await bed.clearFaults();
    bed.project = await scratchProject(organizationId, prefix, prefix);
    projects.push(bed.project.id);
    bed.actor = { userId: adminId, organizationId, projectId: bed.project.id };
  });

  bed.newDestination = async (table, input = {}) => {
    const { facts } = bed.emulator;
    const clientId = facts.servicePrincipals[0]!.applicationId;
    const id = newDestinationId();
    await authorizeDestination(bed.emulator, { projectId: bed.project.id, destinationId: id, clientId });
    await createDestination(
      bed.actor,
      id,
      {
        ...destinationInput({ workspaceHost: facts.host, clientId, warehouseId: facts.warehouseId, table }),
        ...input,
      },
      [new URL(facts.host).host],
    );
    await makeDue(id);
    return id;
  };

  return bed;
}
