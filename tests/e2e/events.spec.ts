import { createInstance } from "@amplitude/analytics-node";
import { ACME_KEY, expect, test } from "./helpers";

const port = Number(process.env.E2E_PORT || 3210);

test("events sent with the official SDK appear in the Events tab with their counts", async ({ pageAs }) => {
  const amplitude = createInstance();
  await amplitude.init(ACME_KEY, {
    serverUrl: `http://127.0.0.1:${port}/2/httpapi`,
    flushQueueSize: 50,
    logLevel: 0,
  }).promise;
  const runTag = `e2e-${Date.now()}`;
  for (let i = 0; i < 3; i++) amplitude.track(`${runTag} viewed`, { i }, { device_id: `${runTag}-device` });
  amplitude.track(`${runTag} clicked`, {}, { device_id: `${runTag}-device`, user_id: `${runTag}-user` });
  await amplitude.flush().promise;

  const page = await pageAs("member");
  await page.goto("/orgs/acme/projects/acme-web/catalog/events");
  const recent = page.getByRole("region", { name: "Recent events" });
  await expect(recent.getByRole("cell", { name: `${runTag} clicked` })).toBeVisible();
  await expect(recent.getByRole("cell", { name: `${runTag} viewed` })).toHaveCount(3);
  const counts = page.getByRole("region", { name: "Last 24 hours" });
  await expect(counts.getByRole("listitem").filter({ hasText: `${runTag} viewed` })).toContainText("3");
  // A member sees the snippet, but not the key.
  await expect(page.getByText("<PROJECT_API_KEY>").first()).toBeVisible();
  expect(await page.content()).not.toContain(ACME_KEY);
});

test("an admin regenerates the API key and the old key stops working; a manager cannot", async ({
  pageAs,
  request,
}) => {
  const page = await pageAs("globexAdmin");
  await page.goto("/orgs/globex/projects/globex-app/settings");
  const oldKey = (await page.getByTestId("api-key").textContent())!.trim();
  const event = (key: string) =>
    request.post("/2/httpapi", {
      data: { api_key: key, events: [{ event_type: "key test", device_id: "device-keytest" }] },
    });
  expect((await event(oldKey)).status()).toBe(200);

  await page.getByRole("button", { name: "Regenerate API key" }).click();
  await page.getByRole("button", { name: "Yes, regenerate api key" }).click();
  await expect(page.getByRole("status")).toContainText("A new API key was generated");
  await expect(page.getByTestId("api-key")).not.toHaveText(oldKey);
  const newKey = (await page.getByTestId("api-key").textContent())!.trim();
  expect(await (await event(oldKey)).json()).toEqual({ code: 400, error: "Invalid API key" });
  expect((await event(newKey)).status()).toBe(200);

  const managerPage = await pageAs("manager");
  await managerPage.goto("/orgs/acme/projects/acme-web/settings");
  await expect(managerPage.getByRole("button", { name: "Regenerate API key" })).toBeDisabled();
  await expect(
    managerPage
      .getByRole("region", { name: "API key" })
      .getByText("Only admins of this organization can do this."),
  ).toBeVisible();

  const viewerPage = await pageAs("viewer");
  await viewerPage.goto("/orgs/acme/projects/acme-web/settings");
  await expect(
    viewerPage.getByText("Only admins and managers of this organization can do this."),
  ).toBeVisible();
  expect(await viewerPage.content()).not.toContain(ACME_KEY);
});
