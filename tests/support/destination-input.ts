import { db } from "@/lib/db/prisma";
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

/** The seeded demo's admin, acting on the demo project (seedDemo first). */
export async function demoAdminActor() {
  const project = await db.project.findUniqueOrThrow({ where: { apiKey: DEFAULT_DEMO_API_KEY } });
  const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
  return { userId: admin.id, organizationId: project.organizationId, projectId: project.id, project };
}
