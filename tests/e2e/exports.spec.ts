import { readFileSync } from "node:fs";
import type { EmulatorFacts } from "@/emulator/index";
import { connectSql, emulatorFetch } from "@/tests/support/emulator-client";
import { ACME_DESTINATIONS, expect, test } from "./helpers";

const ACME_KEY = "d3a1a0f1e5c2b4a6d8e0f2a4c6e8b0d2";

test("create a destination against the emulator, send events, Run now: the history shows the rows, and the table holds them", async ({
  pageAs,
  request,
}) => {
  const facts = JSON.parse(
    readFileSync(readFileSync("test-results/e2e-emulator-facts", "utf8"), "utf8"),
  ) as EmulatorFacts;
  const api = emulatorFetch(facts);
  const sp = facts.servicePrincipals[0]!;
  const table = `e2e_run_now_${Date.now()}`;

  const page = await pageAs("admin");
  await page.goto(ACME_DESTINATIONS);
  await page.getByRole("link", { name: "Databricks" }).click();
  await page.getByRole("button", { name: "Next", exact: true }).click();
  const fields: Record<string, string> = {
    "Workspace host": facts.host,
    "Service Principal ID (numeric)": sp.id,
    "Service Principal application_id (clientId)": sp.applicationId,
    Catalog: "main",
    Schema: "analytics",
    "Table name": table,
    "SQL warehouse ID": facts.warehouseId,
  };
  for (const [label, value] of Object.entries(fields))
    await page.getByLabel(label, { exact: true }).fill(value);

  // What the admin does in Databricks: the generated policy, the grants, CAN USE.
  const command = (await page.locator("pre").first().textContent())!;
  const policyId = /--policy-id (\S+)/.exec(command)![1]!;
  const policy = JSON.parse(/--json '([^']*)'/.exec(command)![1]!);
  expect(
    (
      await api(
        `/api/2.0/accounts/${facts.accountId}/servicePrincipals/${sp.id}/federationPolicies?policy_id=${policyId}`,
        { token: facts.adminToken, json: policy },
      )
    ).status,
  ).toBe(200);
  await api(`/api/2.0/permissions/warehouses/${facts.warehouseId}`, {
    method: "PATCH",
    token: facts.adminToken,
    json: {
      access_control_list: [{ service_principal_name: sp.applicationId, permission_level: "CAN_USE" }],
    },
  });
  const grants = (await page.locator("pre").nth(1).textContent())!
    .split("\n")
    .filter((line) => line.startsWith("GRANT") && !line.includes("ON TABLE"));
  for (const statement of grants)
    expect(
      (
        await api("/emulator/sql", {
          token: facts.adminToken,
          json: { statement: statement.replace(/;$/, "") },
        })
      ).status,
    ).toBe(200);

  await page.getByRole("button", { name: "Verify connection" }).click();
  await expect(page.getByRole("region", { name: "Connection check" })).toContainText(
    "SELECT 1 ran on the warehouse.",
  );
  await page.getByRole("button", { name: "Finish" }).click();
  await expect(page).toHaveURL(/\/catalog\/destinations\/d[a-z2-7]{24}$/);

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
