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
