import type { Page } from "@playwright/test";
import { connectSql } from "@/tests/support/emulator-client";
import { createAuthorizedDestination } from "./emulator-destination";
import { ACME_KEY, expect, test } from "./helpers";

// Issue 17, items 2 to 4: managers create custom events and transformations in the Catalog;
// viewers see them, with the controls disabled and the reason beside them. Tests run side by
// side on one database: every name is unique to its run, and what a test creates it deletes.

const CATALOG = "/orgs/acme/projects/acme-web/catalog";
const ONLY_WRITERS = "Only admins and managers of this organization can do this.";
const stamp = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`;

/** Fills the New custom event form: "`purchase` where price > 10, or `signup`". */
async function fillCustomEvent(page: Page, event: { name: string; purchase: string; signup: string }) {
  await page.getByLabel("Name", { exact: true }).fill(event.name);
  await page.getByLabel("Description", { exact: true }).fill("Big purchases and signups");
  const first = page.getByRole("group", { name: "Event type 1", exact: true });
  await first.getByLabel("Event type", { exact: true }).fill(event.purchase);
  await first.getByRole("button", { name: "+ Add property condition" }).click();
  const condition = page.getByRole("group", { name: "Event type 1, condition 1" });
  await condition.getByLabel("Property name").fill("price");
  await condition.getByLabel("Operator").selectOption("greater");
  await condition.getByLabel("Value").fill("10");
  await page.getByRole("button", { name: "+ Add event type" }).click();
  await page
    .getByRole("group", { name: "Event type 2", exact: true })
    .getByLabel("Event type", { exact: true })
    .fill(event.signup);
}

test("a manager creates a custom event and sees it listed; a viewer sees it but cannot change it", async ({
  pageAs,
}) => {
  const name = `Checkout ${stamp()}`;
  const sentence = "“purchase” where event property “price” is greater than “10”, or “signup”";
  const manager = await pageAs("manager");
  await manager.goto(`${CATALOG}/custom-events`);
  await expect(manager.getByRole("link", { name: "Custom events", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await manager.getByRole("link", { name: "New custom event" }).click();
  await expect(manager).toHaveURL(`${CATALOG}/custom-events/new`);

  const create = manager.getByRole("button", { name: "Create custom event" });
  await expect(create).toBeDisabled();
  await fillCustomEvent(manager, { name, purchase: "purchase", signup: "signup" });
  // A value that is no number is said beside its condition, and blocks the button.
  const value = manager.getByRole("group", { name: "Event type 1, condition 1" }).getByLabel("Value");
  await value.fill("many");
  await expect(manager.getByText("must be a number")).toBeVisible();
  await expect(create).toBeDisabled();
  await value.fill("10");
  await expect(manager.getByText(sentence)).toBeVisible();
  await create.click();
  await expect(manager).toHaveURL(`${CATALOG}/custom-events`);
  const row = manager.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText(sentence);
  await expect(row).toContainText("Big purchases and signups");

  // The same name again, in another case, is refused beside the field.
  await manager.goto(`${CATALOG}/custom-events/new`);
  await manager.getByLabel("Name", { exact: true }).fill(name.toUpperCase());
  await manager.getByLabel("Event type", { exact: true }).fill("signup");
  await manager.getByRole("button", { name: "Create custom event" }).click();
  await expect(manager.getByText(`A custom event named “${name}” exists already.`).first()).toBeVisible();
  await expect(manager.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");

  const viewer = await pageAs("viewer");
  await viewer.goto(`${CATALOG}/custom-events`);
  const viewerRow = viewer.getByRole("row", { name: new RegExp(name) });
  await expect(viewerRow).toContainText(sentence);
  await expect(viewerRow.getByRole("button", { name: "Delete" })).toBeDisabled();
  await expect(viewerRow.getByText(ONLY_WRITERS)).toBeVisible();
  await expect(viewer.getByRole("button", { name: "New custom event" })).toBeDisabled();
  await viewer.goto(`${CATALOG}/custom-events/new`);
  await expect(viewer.getByRole("button", { name: "Create custom event" })).toBeDisabled();
  await expect(viewer.getByLabel("Name", { exact: true })).toBeDisabled();
  await expect(viewer.getByText(ONLY_WRITERS)).toBeVisible();
  // Its page shows the definition, read-only.
  await viewer.goto(`${CATALOG}/custom-events`);
  await viewer.getByRole("link", { name: `Edit ${name}` }).click();
  await expect(viewer.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(viewer.getByRole("button", { name: "Save custom event" })).toBeDisabled();
  await expect(viewer.getByText(ONLY_WRITERS)).toBeVisible();

  // The manager edits it, then deletes it.
  await manager.goto(`${CATALOG}/custom-events`);
  await manager.getByRole("link", { name: `Edit ${name}` }).click();
  await manager.getByLabel("Description", { exact: true }).fill("Edited");
  await manager.getByRole("button", { name: "Save custom event" }).click();
  await expect(manager.getByRole("status").filter({ hasText: "Custom event saved." })).toBeVisible();
  await manager.goto(`${CATALOG}/custom-events`);
  const edited = manager.getByRole("row", { name: new RegExp(name) });
  await expect(edited).toContainText("Edited");
  await edited.getByRole("button", { name: "Delete" }).click();
  await manager.getByRole("button", { name: "Yes, delete" }).click();
  await expect(manager.getByRole("row", { name: new RegExp(name) })).toHaveCount(0);
});

test("a manager adds a transformation and sees its sentence; a viewer cannot add or delete one", async ({
  pageAs,
}) => {
  const id = stamp();
  const sentence = `Merge event types “add_to_cart_${id}” and “cart_add_${id}” into “Add to cart ${id}”`;
  const manager = await pageAs("manager");
  await manager.goto(`${CATALOG}/transformations`);
  await expect(manager.getByLabel("Kind", { exact: true })).toHaveValue("MERGE_EVENTS");
  await manager.getByLabel("Event types to merge", { exact: true }).fill(`add_to_cart_${id}, cart_add_${id}`);
  await manager.getByLabel("Merge into event type", { exact: true }).fill(`Add to cart ${id}`);
  await expect(manager.getByText(sentence)).toBeVisible();
  await manager.getByRole("button", { name: "Add transformation" }).click();
  await expect(
    manager.getByRole("status").filter({ hasText: "Transformation added. Stored events are unchanged." }),
  ).toBeVisible();
  const row = manager.getByRole("row", { name: new RegExp(`add_to_cart_${id}`) });
  await expect(row).toContainText(sentence);

  // Merging one of them into another target is refused, naming the field.
  await manager.getByLabel("Event types to merge", { exact: true }).fill(`cart_add_${id}`);
  await manager.getByLabel("Merge into event type", { exact: true }).fill(`Basket ${id}`);
  await manager.getByRole("button", { name: "Add transformation" }).click();
  const refusal = `“cart_add_${id}” is already merged into “Add to cart ${id}”: a name can be merged into one target only`;
  await expect(manager.getByText(refusal).first()).toBeVisible();
  await expect(manager.getByLabel("Event types to merge", { exact: true })).toHaveAttribute(
    "aria-invalid",
    "true",
  );

  const viewer = await pageAs("viewer");
  await viewer.goto(`${CATALOG}/transformations`);
  const viewerRow = viewer.getByRole("row", { name: new RegExp(`add_to_cart_${id}`) });
  await expect(viewerRow).toContainText(sentence);
  await expect(viewerRow.getByRole("button", { name: "Delete" })).toBeDisabled();
  await expect(viewer.getByRole("button", { name: "Add transformation" })).toBeDisabled();
  await expect(viewer.getByLabel("Kind", { exact: true })).toBeDisabled();
  await expect(viewer.getByText(ONLY_WRITERS).first()).toBeVisible();

  await row.getByRole("button", { name: "Delete" }).click();
  await manager.getByRole("button", { name: "Yes, delete" }).click();
  await expect(manager.getByRole("row", { name: new RegExp(`add_to_cart_${id}`) })).toHaveCount(0);
});

test("a destination filtered by a custom event delivers exactly its events; the custom event cannot be deleted meanwhile", async ({
  pageAs,
  request,
}) => {
  const id = stamp();
  const name = `Delivered checkout ${id}`;
  const [purchase, signup] = [`purchase_${id}`, `signup_${id}`];
  const table = `e2e_custom_event_${id}`;
  const admin = await pageAs("admin");
  await admin.goto(`${CATALOG}/custom-events/new`);
  await fillCustomEvent(admin, { name, purchase, signup });
  await admin.getByRole("button", { name: "Create custom event" }).click();
  await expect(admin).toHaveURL(`${CATALOG}/custom-events`);

  const facts = await createAuthorizedDestination(admin, table);
  const destinationUrl = admin.url();
  await admin.getByLabel("Custom event", { exact: true }).selectOption({ label: name });
  await expect(admin.getByText(`Events of custom event “${name}”`).first()).toBeVisible();
  await admin.getByRole("button", { name: "Save filter and frequency" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  const events = [
    { event_type: purchase, event_properties: { price: 25 }, insert_id: `${id}-big` },
    { event_type: purchase, event_properties: { price: 10 }, insert_id: `${id}-ten` },
    { event_type: purchase, event_properties: { price: 5 }, insert_id: `${id}-small` },
    { event_type: signup, insert_id: `${id}-signup` },
    { event_type: `view_${id}`, event_properties: { price: 50 }, insert_id: `${id}-view` },
  ].map((event) => ({ ...event, device_id: `e2e-${id}` }));
  expect((await request.post("/batch", { data: { api_key: ACME_KEY, events } })).status()).toBe(200);

  await admin.getByRole("button", { name: "Run now" }).click();
  await expect(admin.getByRole("status").filter({ hasText: /Run (queued|requested)/ })).toBeVisible();
  await expect(async () => {
    await admin.reload();
    await expect(admin.getByRole("cell", { name: "succeeded (run now)" })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  const sql = await connectSql(facts, facts.adminToken);
  const rows = (await sql.query(`SELECT insert_id FROM main.analytics.${table} ORDER BY insert_id`)) as {
    insert_id: string;
  }[];
  await sql.close();
  expect(rows.map((row) => row.insert_id)).toEqual([`${id}-big`, `${id}-signup`]);

  // While the destination selects it, the custom event stays.
  await admin.goto(`${CATALOG}/custom-events`);
  const row = admin.getByRole("row", { name: new RegExp(name) });
  await row.getByRole("button", { name: "Delete" }).click();
  await admin.getByRole("button", { name: "Yes, delete" }).click();
  await expect(row.getByRole("status")).toContainText(
    `“${name}” is selected by the filter of destination “main.analytics.${table}”`,
  );
  await admin.goto(destinationUrl);
  await expect(admin.getByText(`Events of custom event “${name}”`).first()).toBeVisible();
});

test("an admin exports the data configuration from the wizard: a run delivers the snapshot and the views; a manager cannot turn it off", async ({
  pageAs,
  request,
}) => {
  const id = stamp();
  const table = `e2e_config_${id}`;
  const eventType = `config_${id}`;
  const admin = await pageAs("admin");
  const facts = await createAuthorizedDestination(admin, table, { exportDataConfig: true });
  const destinationUrl = admin.url();
  const section = admin.getByRole("region", { name: "Data configuration" });
  await expect(section).toContainText("The next run delivers the first snapshot");
  await expect(section).toContainText(`main.analytics.${table}_cfg_transformations`);

  const events = [
    {
      event_type: eventType,
      event_properties: { plan: "pro" },
      insert_id: `${id}-a`,
      device_id: `e2e-${id}`,
    },
  ];
  expect((await request.post("/batch", { data: { api_key: ACME_KEY, events } })).status()).toBe(200);
  await admin.getByRole("button", { name: "Run now" }).click();
  await expect(async () => {
    await admin.reload();
    await expect(admin.getByRole("cell", { name: "succeeded (run now)" })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await expect(admin.getByRole("region", { name: "Data configuration" })).toContainText(
    /The last snapshot \(configuration version \d+\) was delivered at/,
  );
  const sql = await connectSql(facts, facts.adminToken);
  try {
    const rows = await sql.query(
      `SELECT event_properties['plan'] AS plan FROM main.analytics.${table}_transformed WHERE insert_id = '${id}-a'`,
    );
    expect(rows).toEqual([{ plan: "pro" }]);
    // The snapshot tables exist (with rows or not, as Acme's configuration has them).
    const described = await sql.query(`DESCRIBE TABLE main.analytics.${table}_cfg_transformations`);
    expect(described.slice(0, 4).map((row) => row.col_name)).toEqual([
      "snapshot_id",
      "snapshot_at",
      "is_current",
      "transformation_id",
    ]);
  } finally {
    await sql.close();
  }

  const manager = await pageAs("manager");
  await manager.goto(destinationUrl);
  const managerSection = manager.getByRole("region", { name: "Data configuration" });
  await expect(managerSection.getByLabel("Export data configuration")).toBeDisabled();
  await expect(managerSection).toContainText("Only admins");
});
