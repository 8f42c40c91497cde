import { readFileSync } from "node:fs";
import pg from "pg";
import { createAuthorizedDestination } from "./emulator-destination";
import { ACME_KEY, expect, test } from "./helpers";

// Issue 18, item 6, through the running portal: the scheduler gives back-dated events a
// partition of their own day; a day past retention (30 days) is kept while a paused
// destination has not delivered it, and its page says so; once that destination is deleted,
// the next tick drops the day.

const DAY = 86_400_000;

test("a paused destination keeps a day past retention, says so on its page, and the day goes once it is deleted", async ({
  pageAs,
  request,
}) => {
  const tag = `e2e-retention-${Date.now()}`;
  const uploaded = new Date(Math.floor(Date.now() / DAY) * DAY - 40 * DAY + 3_600_000);
  const day = uploaded.toISOString().slice(0, 10);
  const partition = `event_partitions.events_${day.replaceAll("-", "")}`;
  const db = new pg.Client({ connectionString: readFileSync("test-results/e2e-database-url", "utf8") });
  await db.connect();
  try {
    const page = await pageAs("admin");
    await createAuthorizedDestination(page, `e2e_retention_${Date.now()}`);
    await page.getByRole("button", { name: "Pause" }).click();
    await expect(page.getByRole("button", { name: "Resume" })).toBeVisible();
    const destinationId = new URL(page.url()).pathname.split("/").at(-1)!;
    // As if it had been made 41 days ago and had delivered nothing since.
    await db.query(`UPDATE "Destination" SET "exportFrom" = $2, "watermarkTxid" = NULL WHERE id = $1`, [
      destinationId,
      new Date(uploaded.getTime() - DAY),
    ]);

    // Events stored now, then dated 40 days back (as if uploaded then).
    const events = Array.from({ length: 5 }, (_, i) => ({
      event_type: tag,
      device_id: `${tag}-${i}`,
      insert_id: `${tag}-${i}`,
    }));
    expect((await request.post("/batch", { data: { api_key: ACME_KEY, events } })).status()).toBe(200);
    await db.query(`UPDATE events SET server_upload_time = $2 WHERE event_type = $1`, [tag, uploaded]);

    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("status").filter({ hasText: "past the retention" })).toHaveText(
        `One day of events past the retention (from ${day}) is kept because this destination has not delivered it yet.`,
        { timeout: 1000 },
      );
    }).toPass({ timeout: 30_000 });
    const placed = await db.query(
      `SELECT tableoid::regclass::text AS partition FROM events WHERE event_type = $1`,
      [tag],
    );
    expect(placed.rows.map((row) => row.partition)).toEqual(Array(5).fill(partition));

    await page.getByRole("button", { name: "Delete destination" }).click();
    await page.getByRole("button", { name: "Yes, delete destination" }).click();
    await expect(
      page.getByText("Deleted. Revoke the federation policy and the grants in Databricks."),
    ).toBeVisible();
    await expect
      .poll(async () => (await db.query(`SELECT to_regclass($1) AS kept`, [partition])).rows[0].kept, {
        timeout: 30_000,
      })
      .toBeNull();
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM events WHERE event_type = $1`, [tag])).rows[0].n,
    ).toBe(0);
  } finally {
    await db.end();
  }
});
