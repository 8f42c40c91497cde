import { ACME_KEY, expect, test } from "./helpers";

const EVENTS_TAB = "/orgs/acme/projects/acme-web/catalog/events";
const READ_ONLY = "Only admins and managers of this organization can do this.";

// Issue 17: the event catalog, found from ingested events by discovery (the e2e server's local
// runner runs it every second), described by a manager, and read-only for a viewer.
test("a manager finds a new event type in the Event catalog, describes it, and a viewer reads it without editing", async ({
  pageAs,
  request,
}) => {
  test.setTimeout(120_000);
  const tag = `e2e-catalog-${Date.now()}`;
  const eventType = `${tag} Song Played`;
  const category = `Playback ${tag}`;
  const description = `Sent when a song starts (${tag}).`;
  const events = [
    { event_type: eventType, device_id: `${tag}-device`, event_properties: { duration: 180, genre: "jazz" } },
    { event_type: eventType, device_id: `${tag}-device`, event_properties: { duration: "3:00" } },
  ];
  expect((await request.post("/batch", { data: { api_key: ACME_KEY, events } })).status()).toBe(200);

  const page = await pageAs("manager");
  await page.goto(EVENTS_TAB);
  const catalog = page.getByRole("region", { name: "Event catalog" });
  // Discovery reads stored events after the fact: the type appears within a few seconds.
  await expect(async () => {
    await page.reload();
    await expect(catalog.getByRole("link", { name: eventType })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(catalog.getByRole("row").filter({ hasText: eventType })).toContainText("Live");
  // The recent events and the SDK snippets are still there.
  await expect(page.getByRole("region", { name: "Recent events" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Send events" })).toBeVisible();

  await catalog.getByRole("link", { name: eventType }).click();
  await expect(page.getByRole("heading", { name: eventType })).toBeVisible();
  // Both types seen for one property.
  const properties = page.getByRole("region", { name: "Properties" });
  await expect(properties.getByRole("row").filter({ hasText: "duration" })).toContainText("number, string");
  await expect(properties.getByRole("row").filter({ hasText: "genre" })).toContainText("string");

  const details = page.getByRole("region", { name: "Details" });
  await details.getByLabel("Description", { exact: true }).fill(description);
  await details.getByLabel("Category", { exact: true }).selectOption({ label: "New category…" });
  await details.getByLabel("New category name").fill(category);
  await details.getByRole("button", { name: "Save event type" }).click();
  await expect(details.getByRole("status")).toHaveText("Event type saved.");

  // A property's classification.
  const duration = properties.getByRole("group", { name: "Property duration" });
  await duration.getByLabel("Description", { exact: true }).fill("Length of the song.");
  await duration.getByLabel("Sensitive").check();
  await duration.getByRole("button", { name: "Save property" }).click();
  await expect(duration.getByRole("status")).toHaveText("Property saved.");

  const detailUrl = page.url();
  await page.reload();
  await expect(details.getByLabel("Description", { exact: true })).toHaveValue(description);
  await expect(details.getByLabel("Category", { exact: true }).locator("option:checked")).toHaveText(
    category,
  );
  await expect(duration.getByLabel("Sensitive")).toBeChecked();
  await page.goto(EVENTS_TAB);
  await expect(catalog.getByRole("row").filter({ hasText: eventType })).toContainText(category);

  const viewer = await pageAs("viewer");
  await viewer.goto(detailUrl);
  const viewerDetails = viewer.getByRole("region", { name: "Details" });
  await expect(viewerDetails.getByLabel("Description", { exact: true })).toHaveValue(description);
  await expect(viewerDetails.getByLabel("Description", { exact: true })).toBeDisabled();
  await expect(viewerDetails.getByRole("button", { name: "Save event type" })).toBeDisabled();
  await expect(viewerDetails.getByText(READ_ONLY)).toBeVisible();
  const viewerDuration = viewer.getByRole("group", { name: "Property duration" });
  await expect(viewerDuration.getByLabel("Description", { exact: true })).toHaveValue("Length of the song.");
  await expect(viewerDuration.getByRole("button", { name: "Save property" })).toBeDisabled();
});

test("a manager plans an event type that was never sent; a viewer cannot", async ({ pageAs }) => {
  const eventType = `e2e-plan-${Date.now()}`;
  const page = await pageAs("manager");
  await page.goto(EVENTS_TAB);
  const catalog = page.getByRole("region", { name: "Event catalog" });
  await catalog.getByLabel("Plan an event type").fill(eventType);
  await catalog.getByRole("button", { name: "Plan event type" }).click();
  await expect(catalog.getByRole("status")).toHaveText("Event type planned.");
  await expect(catalog.getByRole("row").filter({ hasText: eventType })).toContainText("Planned");

  const viewer = await pageAs("viewer");
  await viewer.goto(EVENTS_TAB);
  const viewerCatalog = viewer.getByRole("region", { name: "Event catalog" });
  await expect(viewerCatalog.getByRole("row").filter({ hasText: eventType })).toContainText("Planned");
  await expect(viewerCatalog.getByRole("button", { name: "Plan event type" })).toBeDisabled();
  await expect(viewerCatalog.getByText(READ_ONLY)).toBeVisible();
});
