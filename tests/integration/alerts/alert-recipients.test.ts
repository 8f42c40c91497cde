import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { alertRecipients } from "@/lib/alerts/alert-recipients";
import { openAlerts, raiseAlert } from "@/lib/alerts/alerts";
import { db } from "@/lib/db/prisma";
import { createDestination } from "@/lib/destinations/create-destination";
import { newDestinationId } from "@/lib/destinations/destination-id";
import { DEFAULT_DEMO_API_KEY, seedDemo } from "@/prisma/seed";
import { demoAdminActor, destinationInput } from "@/tests/support/destination-input";
import { startSmtpCapture } from "@/tests/support/smtp-capture";

// Alerts are e-mailed to the destination's creator while they are a member of its organization,
// else to the organization's admins (issue 16).

const HOST = "dbc-alertrecipients.cloud.databricks.com";
const CREATOR = "alert-creator@acme.test";
let organizationId: string;
let creatorId: string;
let table = 0;

/** A destination of the demo project created by CREATOR, a plain member of Acme. */
async function destinationByCreator() {
  const { projectId } = await demoAdminActor();
  const id = newDestinationId();
  const destination = await createDestination(
    { userId: creatorId, organizationId, projectId },
    id,
    destinationInput({
      workspaceHost: `https://${HOST}`,
      clientId: "6f2c1b7e-2222-4222-8333-444455556666",
      warehouseId: "0123456789abcdef",
      table: `alert_recipients_${table++}`,
    }),
    [HOST],
  );
  return { id, name: destination.name };
}

const leaveOrganization = () =>
  db.membership.delete({ where: { userId_organizationId: { userId: creatorId, organizationId } } });

beforeAll(async () => {
  await seedDemo(db, { apiKey: DEFAULT_DEMO_API_KEY, password: "deltaport-demo" });
  ({ organizationId } = await demoAdminActor());
});

beforeEach(async () => {
  await db.user.deleteMany({ where: { email: CREATOR } });
  creatorId = (
    await db.user.create({
      data: { email: CREATOR, memberships: { create: { organizationId, role: "MEMBER" } } },
    })
  ).id;
});

afterAll(async () => {
  // Leaves the demo as seeded: no extra member, no destination that a runner might pick up.
  await db.user.deleteMany({ where: { email: CREATOR } });
  await db.destination.updateMany({
    where: { workspaceHost: `https://${HOST}` },
    data: { state: "PAUSED", deletedAt: new Date() },
  });
  await db.$disconnect();
});

describe("alertRecipients", () => {
  it("names the creator while they are a member of the destination's organization, and the admins", async () => {
    const { id } = await destinationByCreator();
    expect(await alertRecipients(id)).toEqual([CREATOR, "admin@acme.test"]);
  });

  it("names the organization's admins once the creator's membership is gone", async () => {
    const { id } = await destinationByCreator();
    await leaveOrganization();
    expect(await alertRecipients(id)).toEqual(["admin@acme.test"]);
  });

  it("names the organization's admins once the creator's account is deleted, or was never known", async () => {
    const { id } = await destinationByCreator();
    await db.user.delete({ where: { id: creatorId } });
    expect(await alertRecipients(id)).toEqual(["admin@acme.test"]);
    await db.destination.update({ where: { id }, data: { createdById: null } });
    expect(await alertRecipients(id)).toEqual(["admin@acme.test"]);
  });
});

describe("raiseAlert", () => {
  it("e-mails the admins, not the departed creator, and records that it was sent", async () => {
    const smtp = await startSmtpCapture(Number(new URL(process.env.SMTP_URL!).port));
    try {
      const destination = await destinationByCreator();
      await leaveOrganization();
      expect(await raiseAlert(destination, "LAG", "No delivery for 31 minutes.")).toBe(true);
      expect(smtp.mails.map((mail) => mail.to)).toEqual([["admin@acme.test"]]);
      expect(smtp.mails[0]!.data).toContain(`Subject: Deltaport: ${destination.name} is lagging`);
      expect(await openAlerts(destination.id)).toMatchObject([{ kind: "LAG", emailStatus: "sent" }]);
    } finally {
      await smtp.close();
    }
  });
});
