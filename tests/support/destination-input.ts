import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/prisma";
import { createDestination } from "@/lib/destinations/create-destination";
import { newDestinationId } from "@/lib/destinations/destination-id";
import type { DestinationInput } from "@/lib/destinations/destination-input";
import { DEFAULT_DEMO_API_KEY } from "@/prisma/seed";

/** A wizard's input for tests: every event, every 15 minutes, JSON as STRING, main.analytics. */
export function destinationInput(
  target: Pick<DestinationInput, "workspaceHost" | "clientId" | "warehouseId" | "table">,
): Omit<DestinationInput, "servicePrincipalId"> {
  return {
    frequencyMinutes: 15,
    filter: { eventTypes: null, conditions: [] },
    catalog: "main",
    schema: "analytics",
    jsonColumnType: "STRING",
    policyVariant: "DISCOVERY",
    mergedIdsTable: null,
    exportDataConfig: false,
    ...target,
  };
}

/**
 * A destination (its id) of the actor's project on a workspace `host` that nothing serves: for
 * tests that never export to it.
 */
export async function createOfflineDestination(actor: Actor, host: string, table: string): Promise<string> {
  const id = newDestinationId();
  await createDestination(
    actor,
    id,
    destinationInput({
      workspaceHost: `https://${host}`,
      clientId: "6f2c1b7e-1111-4222-8333-444455556666",
      warehouseId: "0123456789abcdef",
      table,
    }),
    [host],
  );
  return id;
}

/** The seeded demo's admin, acting on the demo project (seedDemo first). */
export async function demoAdminActor() {
  const project = await db.project.findUniqueOrThrow({ where: { apiKey: DEFAULT_DEMO_API_KEY } });
  const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
  return { userId: admin.id, organizationId: project.organizationId, projectId: project.id, project };
}
