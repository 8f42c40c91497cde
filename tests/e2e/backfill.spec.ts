import { readFileSync } from "node:fs";
import pg from "pg";
import { connectSql } from "@/tests/support/emulator-client";
import { createAuthorizedDestination } from "./emulator-destination";
import { ACME_KEY, expect, test } from "./helpers";

const DAY = 86_400_000;

test("an admin backfills history from the destination page, watches it reach 100 %, and the table holds history and today's events once each", async ({
  pageAs,
  request,
}) => {
  const table = `e2e_backfill_${Date.now()}`;
  const tag = `e2e-backfill-${Date.now()}`;
  // History: events stored now, then dated 1 to 5 days back (as if uploaded then).
  const events = Array.from({ length: 50 }, (_, i) => ({
    event_type: tag,
    device_id: `${tag}-device-${i % 5}`,
    insert_id: `${tag}-${i}`,
    event_properties: { day: 1 + (i % 5) },
  }));
  expect((await request.post("/batch", { data: { api_key: ACME_KEY, events } })).status()).toBe(200);
  const db = new pg.Client({ connectionString: readFileSync("test-results/e2e-database-url", "utf8") });
  await db.connect();
  await db.query(
    `UPDATE events SET server_upload_time = date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
       - ((event_properties->>'day')::int * interval '1 day') + interval '1 hour'
     WHERE event_type = $1`,
    [tag],
  );
  await db.end();

  const page = await pageAs("admin");
  const facts = await createAuthorizedDestination(page, table);
  // Today's events: the recurring export's.
  const today = Array.from({ length: 10 }, (_, i) => ({
    event_type: tag,
    device_id: `${tag}-today`,
    insert_id: `${tag}-t${i}`,
  }));
  expect((await request.post("/batch", { data: { api_key: ACME_KEY, events: today } })).status()).toBe(200);

  await page.getByRole("button", { name: "Backfill", exact: true }).click();
  await page.getByLabel("Backfill from").fill(new Date(Date.now() - 7 * DAY).toISOString().slice(0, 10));
  await page.getByRole("button", { name: "Start backfill" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Backfill started" })).toBeVisible();
  await page.getByRole("button", { name: "Run now" }).click();

  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("progressbar", { name: "Backfill progress" })).toHaveAttribute(
      "aria-valuenow",
      "100",
      { timeout: 1000 },
    );
  }).toPass({ timeout: 60_000 });
  await expect(page.getByText("Backfill completed")).toBeVisible();
  await expect(page.getByRole("cell", { name: "succeeded (backfill)" }).first()).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("cell", { name: "succeeded (run now)" })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });

  const sql = await connectSql(facts, facts.adminToken);
  const [row] = (await sql.query(
    `SELECT count(*) AS n, count(DISTINCT uuid) AS distinct_n FROM main.analytics.${table} WHERE event_type = '${tag}'`,
  )) as [{ n: number; distinct_n: number }];
  await sql.close();
  expect(row).toEqual({ n: 60, distinct_n: 60 });
});
