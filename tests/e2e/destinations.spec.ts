import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import pg from "pg";
import { PLANNING_LOCK_SQL, planningKey } from "@/lib/db/planner-lock";
import { databaseText } from "@/tests/support/database-text";
import { ACME_DESTINATIONS, expect, test } from "./helpers";

const SP_ID = "7355608123456789";
const CLIENT_ID = "6f2c1b7e-1111-4222-8333-444455556666";
// The e2e server's emulator: the local export runner may try these destinations, and must
// only ever reach loopback.
// (Read when a test runs: the server writes the file once it has started.)
const emulatorHost = () =>
  (
    JSON.parse(readFileSync(readFileSync("test-results/e2e-emulator-facts", "utf8"), "utf8")) as {
      host: string;
    }
  ).host;

const database = () =>
  new pg.Client({ connectionString: readFileSync("test-results/e2e-database-url", "utf8") });

/**
 * Runs `work` while the e2e server's export runner (a tick every second) cannot start a run of
 * this destination, so that a queued run is still queued when the test looks at it: planning a
 * run first takes the destination's planning lock (lib/db/planner-lock.ts), held here until the
 * work is done. Queueing a run does not take it.
 */
async function holdingBackTheRunner<T>(destinationId: string, work: () => Promise<T>): Promise<T> {
  const client = database();
  await client.connect();
  try {
    await client.query("BEGIN");
    // The planner's own lock: the runner's planner waits for this transaction to end.
    await client.query(PLANNING_LOCK_SQL, [planningKey.destination(destinationId)]);
    return await work();
  } finally {
    await client.query("ROLLBACK").catch(() => {});
    await client.end();
  }
}

async function fillSetup(page: Page, values: Record<string, string>) {
  for (const [label, value] of Object.entries(values))
    await page.getByLabel(label, { exact: true }).fill(value);
}

/** The Set up step's fields for a destination of the emulator writing to main.analytics.`table`. */
const setupFor = (table: string) => ({
  "Workspace host": emulatorHost(),
  "Service Principal ID (numeric)": SP_ID,
  "Service Principal application_id (clientId)": CLIENT_ID,
  Catalog: "main",
  Schema: "analytics",
  "Table name": table,
  "SQL warehouse ID": "0123456789abcdef",
});

async function createDestination(page: Page, table: string) {
  await page.goto(ACME_DESTINATIONS);
  await page.getByRole("link", { name: "Databricks" }).click();
  await page.getByRole("button", { name: "Next" }).click();
  await fillSetup(page, setupFor(table));
  await page.getByRole("button", { name: "Finish" }).click();
}

test("an admin completes the wizard, with every invalid field explained, and lands on the destination page", async ({
  pageAs,
}, testInfo) => {
  const page = await pageAs("admin");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(ACME_DESTINATIONS);
  await page.getByRole("link", { name: "Databricks" }).click();
  await expect(page).toHaveURL(/\/catalog\/destinations\/databricks\/new\?id=d[a-z2-7]{24}$/);
  const destinationId = new URL(page.url()).searchParams.get("id")!;

  // Step 1: Get started.
  await expect(page.getByRole("heading", { name: "Get started" })).toBeVisible();
  await expect(page.getByLabel("Export events ingested today and moving forward")).toBeChecked();
  await expect(page.getByLabel("Frequency")).toHaveValue("60");
  await page.getByLabel("Frequency").selectOption("15");
  await page.getByLabel("Event types").fill("Checkout, Purchase");
  await page.getByRole("button", { name: "+ Add property condition" }).click();
  await page.getByLabel("Property name").fill("plan");
  await page.getByLabel("Value").fill("pro");
  await expect(
    page.getByText("Events whose type is “Checkout” or “Purchase”, and whose event property “plan” is “pro”"),
  ).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("wizard-step-1.png"), fullPage: true });
  await page.getByRole("button", { name: "Next" }).click();

  // Step 2: Set up. Finish with invalid fields shows each error and stays.
  await fillSetup(page, {
    "Workspace host": "http://metadata.internal",
    "Service Principal ID (numeric)": "12a",
    "Service Principal application_id (clientId)": "not-a-uuid",
    Catalog: "main",
    Schema: "bad name",
    "Table name": "events`; DROP",
    "SQL warehouse ID": "xyz",
  });
  await page.getByRole("button", { name: "Finish" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Some fields need attention." })).toBeVisible();
  for (const [label, message] of [
    ["Workspace host", /must start with https:\/\//],
    ["Service Principal ID (numeric)", /digits only/],
    ["Service Principal application_id (clientId)", /UUID/],
    ["Schema", /may contain only letters/],
    ["Table name", /may contain only letters/],
    ["SQL warehouse ID", /16 characters/],
  ] as const) {
    const field = page.getByLabel(label, { exact: true });
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription(message);
  }
  await expect(page.getByLabel("Catalog", { exact: true })).not.toHaveAttribute("aria-invalid", "true");
  const command = page.locator("pre").first();
  await expect(command).toContainText("create <SERVICE_PRINCIPAL_ID>");

  await fillSetup(page, {
    "Workspace host": emulatorHost(),
    "Service Principal ID (numeric)": SP_ID,
    "Service Principal application_id (clientId)": CLIENT_ID,
    Schema: "analytics",
    "Table name": "checkout_events",
    "SQL warehouse ID": "0123456789abcdef",
  });
  await expect(command).toContainText(`create ${SP_ID} \\`);
  await expect(command).toContainText(`--policy-id deltaport-${destinationId}`);
  const json = /--json '([^']*)'/.exec((await command.textContent())!)![1]!;
  expect(JSON.parse(json).oidc_policy).toMatchObject({
    audiences: [`${emulatorHost()}/oidc/v1/token`],
    subject: expect.stringMatching(new RegExp(`/destinations/${destinationId}$`)),
  });
  await expect(page.locator("pre").nth(1)).toContainText(
    `GRANT SELECT, MODIFY ON TABLE \`main\`.\`analytics\`.\`checkout_events\` TO \`${CLIENT_ID}\`;`,
  );
  await page.getByRole("button", { name: "Copy command" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await command.textContent());
  await expect(page.getByText("a workspace profile gets 401")).toBeVisible();
  await expect(page.getByText("at most 20 federation policies")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("wizard-step-2.png"), fullPage: true });

  await page.getByRole("button", { name: "Finish" }).click();
  await expect(page).toHaveURL(new RegExp(`/catalog/destinations/${destinationId}$`));
  await expect(page.getByRole("heading", { name: "main.analytics.checkout_events" })).toBeVisible();
  await expect(page.getByText("Waiting for first run")).toBeVisible();
  await expect(page.getByText(`projects/`)).toBeVisible();
  await expect(page.getByText("Every 15 minutes").first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("destination-page.png"), fullPage: true });

  // The numeric service principal id only filled the command: it is nowhere in the database.
  const stored = await databaseText(readFileSync("test-results/e2e-database-url", "utf8"));
  expect(stored).toContain(destinationId);
  expect(stored).not.toContain(SP_ID);

  // A second destination writing to the same workspace table is refused.
  await createDestination(page, "checkout_events");
  await expect(
    page.getByRole("alert").filter({
      hasText: "Another destination of this organization already writes to main.analytics.checkout_events",
    }),
  ).toBeVisible();
});

test("an admin exports merged Amplitude IDs from the wizard, gets the view SQL, and can turn it off; a manager cannot", async ({
  pageAs,
}) => {
  const page = await pageAs("admin");
  await page.goto(ACME_DESTINATIONS);
  await page.getByRole("link", { name: "Databricks" }).click();
  await page.getByLabel("Export all merged Amplitude IDs").check();
  await page.getByRole("button", { name: "Next" }).click();
  await fillSetup(page, setupFor("merge_events"));
  const mergedName = page.getByLabel("Merged IDs table name", { exact: true });
  await expect(mergedName).toHaveAttribute("placeholder", "merge_events_merged_ids");
  // The grants cover the second table too.
  await expect(page.locator("pre").nth(1)).toContainText("`main`.`analytics`.`merge_events_merged_ids`");
  await mergedName.fill("merge_events");
  await page.getByRole("button", { name: "Finish" }).click();
  await expect(mergedName).toHaveAccessibleDescription(/name of its own/);
  await mergedName.fill("");
  await page.getByRole("button", { name: "Finish" }).click();
  await expect(page.getByRole("heading", { name: "main.analytics.merge_events" })).toBeVisible();
  const section = page.getByRole("region", { name: "Merged Amplitude IDs" });
  await expect(section).toContainText("main.analytics.merge_events_merged_ids");
  await expect(section.locator("pre")).toContainText("canonical_amplitude_id");
  await expect(section.locator("pre")).toContainText("`main`.`analytics`.`merge_events_merged_ids`");
  const destinationUrl = page.url();

  const manager = await pageAs("manager");
  await manager.goto(destinationUrl);
  await expect(
    manager
      .getByRole("region", { name: "Merged Amplitude IDs" })
      .getByLabel("Export all merged Amplitude IDs"),
  ).toBeDisabled();

  await section.getByLabel("Export all merged Amplitude IDs").uncheck();
  await section.getByRole("button", { name: "Save merged IDs" }).click();
  await expect(section).toContainText("no longer delivered");
  await page.reload();
  await expect(page.getByRole("region", { name: "Merged Amplitude IDs" })).toContainText("Not exported.");
});

test("a manager edits the filter, pauses and resumes, but cannot delete or change the credential, even by a forged call", async ({
  pageAs,
}) => {
  const admin = await pageAs("admin");
  await createDestination(admin, "manager_events");
  await expect(admin).toHaveURL(/\/catalog\/destinations\/d[a-z2-7]{24}$/);
  const destinationUrl = admin.url();

  // Capture how the admin's browser calls the credential action, to replay it as the manager.
  await admin.getByLabel("Table name").fill("renamed_by_admin");
  const [request] = await Promise.all([
    admin.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"])),
    admin.getByRole("button", { name: "Save credential and target" }).click(),
  ]);
  await expect(admin.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

  const manager = await pageAs("manager");
  await manager.goto(destinationUrl);
  await manager.getByLabel("Event types").fill("Signup");
  await manager.getByRole("button", { name: "Save filter and frequency" }).click();
  await expect(manager.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await manager.getByRole("button", { name: "Pause" }).click();
  await expect(manager.getByText("Paused", { exact: true })).toBeVisible();
  await manager.getByRole("button", { name: "Resume" }).click();
  await expect(manager.getByRole("button", { name: "Pause" })).toBeVisible();
  // The local export runner would start the queued run within a second, racing the reload.
  await holdingBackTheRunner(new URL(destinationUrl).pathname.split("/").at(-1)!, async () => {
    await manager.getByRole("button", { name: "Run now" }).click();
    await expect(manager.getByRole("status").filter({ hasText: "Run queued" })).toBeVisible();
    await manager.reload();
    await expect(manager.getByRole("cell", { name: "queued (run now)" })).toBeVisible();
  });

  await expect(manager.getByRole("button", { name: "Delete destination" })).toBeDisabled();
  await expect(manager.getByRole("button", { name: "Save credential and target" })).toBeDisabled();
  await expect(manager.getByText("Only admins of this organization can do this.").first()).toBeVisible();

  // The forged call: the admin's exact request, with the manager's session.
  const forged = await manager.context().request.post(request.url(), {
    headers: {
      "next-action": request.headers()["next-action"]!,
      "content-type": request.headers()["content-type"]!,
      accept: "text/x-component",
    },
    data: request.postData()!.replace("renamed_by_admin", "forged_by_manager"),
  });
  expect(await forged.text()).toContain("Only admins of this organization can do this.");
  await manager.reload();
  await expect(manager.getByLabel("Table name")).toHaveValue("renamed_by_admin");
  await expect(manager.getByRole("heading", { name: "main.analytics.renamed_by_admin" })).toBeVisible();
});

test("members and viewers see destinations read-only; another organization gets 404", async ({ pageAs }) => {
  const admin = await pageAs("admin");
  await createDestination(admin, "readonly_events");
  await expect(admin).toHaveURL(/\/catalog\/destinations\/d[a-z2-7]{24}$/);
  const destinationUrl = admin.url();

  for (const user of ["member", "viewer"] as const) {
    const page = await pageAs(user);
    await page.goto(ACME_DESTINATIONS);
    await expect(page.getByRole("link", { name: "Databricks" })).toHaveCount(0);
    await page.getByRole("link", { name: "main.analytics.readonly_events" }).click();
    for (const button of [
      "Run now",
      "Pause",
      "Delete destination",
      "Save filter and frequency",
      "Save credential and target",
    ]) {
      await expect(page.getByRole("button", { name: button })).toBeDisabled();
    }
    await expect(
      page.getByText("Only admins and managers of this organization can do this.").first(),
    ).toBeVisible();
  }

  const globex = await pageAs("globexAdmin");
  const response = await globex.goto(new URL(destinationUrl).pathname);
  expect(response?.status()).toBe(404);
});

test("the audit log shows who changed what, to admins and managers only", async ({ pageAs }) => {
  const admin = await pageAs("admin");
  await createDestination(admin, "audited_events");
  await expect(admin).toHaveURL(/\/catalog\/destinations\/d[a-z2-7]{24}$/);
  const destinationId = new URL(admin.url()).pathname.split("/").at(-1)!;
  await admin.getByRole("button", { name: "Pause" }).click();
  await expect(admin.getByRole("button", { name: "Resume" })).toBeVisible();

  // Other tests run at the same time and write to the same log: look at this destination's rows.
  const manager = await pageAs("manager");
  await manager.goto("/orgs/acme/projects/acme-web/audit");
  const rowsOfThis = manager.getByRole("row").filter({ hasText: destinationId });
  const pause = rowsOfThis.filter({ hasText: "destination.pause" });
  await expect(pause).toContainText("admin@acme.test");
  await expect(pause).toContainText('"state": "ACTIVE"');
  await expect(pause).toContainText('"state": "PAUSED"');
  await expect(rowsOfThis.filter({ hasText: "destination.create" })).toContainText("audited_events");

  const viewer = await pageAs("viewer");
  await viewer.goto("/orgs/acme/projects/acme-web/audit");
  await expect(viewer.getByText("Only admins and managers of this organization can do this.")).toBeVisible();
  await expect(viewer.getByRole("table")).toHaveCount(0);
});
