import { connectSql } from "@/tests/support/emulator-client";
import { createAuthorizedDestination } from "./emulator-destination";
import { ACME_KEY, expect, test } from "./helpers";

test("create a destination against the emulator, send events, Run now: the history shows the rows, and the table holds them", async ({
  pageAs,
  request,
}) => {
  const table = `e2e_run_now_${Date.now()}`;
  const page = await pageAs("admin");
  const facts = await createAuthorizedDestination(page, table);

  // The saved destination can be verified again, load path included.
  await page.getByRole("button", { name: "Verify connection" }).click();
  await expect(page.getByRole("region", { name: "Connection check" })).toContainText(
    "COPY INTO (validate): passed.",
  );

  const runTag = `e2e-export-${Date.now()}`;
  const events = Array.from({ length: 40 }, (_, i) => ({
    event_type: runTag,
    device_id: `${runTag}-device-${i % 8}`,
    insert_id: `${runTag}-${i}`,
  }));
  expect((await request.post("/batch", { data: { api_key: ACME_KEY, events } })).status()).toBe(200);

  await page.getByRole("button", { name: "Run now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Run queued" })).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("cell", { name: "succeeded (run now)" })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  const runRow = page.getByRole("row").filter({ hasText: "succeeded (run now)" });
  const delivered = Number((await runRow.getByRole("cell").nth(2).textContent())!.replaceAll(",", ""));
  expect(delivered).toBeGreaterThanOrEqual(40);
  await expect(page.getByText("Healthy")).toBeVisible();

  const sql = await connectSql(facts, facts.adminToken);
  const [{ n }] = (await sql.query(
    `SELECT count(*) AS n FROM main.analytics.${table} WHERE event_type = '${runTag}'`,
  )) as [{ n: number }];
  expect(n).toBe(40);
  await sql.close();
});

test("the run detail page shows a finished run's window, filter, files and steps, and the destination page follows a run without a reload", async ({
  pageAs,
  request,
}) => {
  const table = `e2e_run_detail_${Date.now()}`;
  const page = await pageAs("admin");
  await createAuthorizedDestination(page, table);
  const destinationUrl = page.url();
  const tag = `e2e-detail-${Date.now()}`;
  const events = Array.from({ length: 5 }, (_, i) => ({
    event_type: tag,
    device_id: `${tag}-d`,
    insert_id: `${tag}-${i}`,
  }));
  expect((await request.post("/batch", { data: { api_key: ACME_KEY, events } })).status()).toBe(200);

  await page.getByRole("button", { name: "Run now" }).click();
  // No reload: the page refreshes itself while the run is queued or running.
  await expect(page.getByRole("cell", { name: "succeeded (run now)" })).toBeVisible({ timeout: 60_000 });
  await expect(
    page.getByRole("img", { name: /Rows and duration of the last 1 runs, from .* UTC/ }),
  ).toBeVisible();

  await page.getByRole("row").filter({ hasText: "succeeded (run now)" }).getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`${destinationUrl}/runs/[a-z0-9]+$`));
  await expect(page.getByRole("heading", { name: "Run succeeded (run now)" })).toBeVisible();
  const facts = page.getByRole("region", { name: "Run" });
  await expect(facts).toContainText(`main.analytics.${table}`);
  await expect(facts).toContainText(/Transactions from the export's start up to \d+/);
  await expect(facts).toContainText("All events");
  await expect(facts).toContainText("part-00000.parquet");
  const steps = page.getByRole("region", { name: "Steps" });
  for (const step of ["plan", "prepare", "stage-0", "copy-0", "commit"])
    await expect(
      steps.getByRole("row").filter({ has: page.getByRole("cell", { name: step, exact: true }) }),
    ).toContainText("done");

  await page.getByRole("link", { name: `← main.analytics.${table}` }).click();
  await expect(page).toHaveURL(destinationUrl);
});
