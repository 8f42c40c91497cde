import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { createDestination } from "@/lib/destinations/create-destination";
import { newDestinationId } from "@/lib/destinations/destination-id";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";
import { destinationInput } from "@/tests/support/destination-input";

// One live destination per workspace table, within an organization (issue 14, item 9): another
// organization can neither block a table by claiming it first nor learn that it is taken.

const HOST = "dbc-tablerule.cloud.databricks.com";
const input = destinationInput({
  workspaceHost: `https://${HOST}`,
  clientId: "6f2c1b7e-1111-4222-8333-444455556666",
  warehouseId: "0123456789abcdef",
  table: "shared_events",
});

async function actorOf(email: string, projectSlug: string) {
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const project = await db.project.findFirstOrThrow({ where: { slug: projectSlug } });
  return { userId: user.id, organizationId: project.organizationId, projectId: project.id };
}

beforeAll(() => seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" }));
afterAll(() => db.$disconnect());

describe("the one-destination-per-table rule", () => {
  it("holds within an organization, and neither blocks nor tells another organization", async () => {
    const acme = await actorOf(
      "admin@acme.test",
      (await db.project.findUniqueOrThrow({ where: { apiKey: DEFAULT_DEMO_API_KEY } })).slug,
    );
    const globex = await actorOf("globex-admin@globex.test", "globex-app");
    expect(acme.organizationId).not.toBe(globex.organizationId);

    await createDestination(acme, newDestinationId(), input, [HOST]);
    // Another organization names the same workspace table: no conflict, and nothing said.
    await expect(createDestination(globex, newDestinationId(), input, [HOST])).resolves.toMatchObject({
      table: "shared_events",
    });
    // Within the first organization the rule still holds.
    await expect(createDestination(acme, newDestinationId(), input, [HOST])).rejects.toThrow(
      /Another destination of this organization already writes to main.analytics.shared_events/,
    );
  });
});
