import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import type { EmulatorFacts } from "@/emulator/index";
import { emulatorFetch } from "@/tests/support/emulator-client";
import { ACME_DESTINATIONS, expect } from "./helpers";

/** The e2e server's Databricks emulator (the server writes where its facts are once it has started). */
export const emulatorFacts = () =>
  JSON.parse(readFileSync(readFileSync("test-results/e2e-emulator-facts", "utf8"), "utf8")) as EmulatorFacts;

/**
 * Creates a destination for `table` through the wizard as the signed-in admin on `page`, doing
 * in the emulator what the admin does in Databricks (the generated policy command, the grants
 * SQL, CAN USE), verifies the connection and finishes on the destination page.
 */
export async function createAuthorizedDestination(
  page: Page,
  table: string,
  options: { backfillFrom?: string; exportDataConfig?: boolean } = {},
) {
  const facts = emulatorFacts();
  const api = emulatorFetch(facts);
  const sp = facts.servicePrincipals[0]!;
  await page.goto(ACME_DESTINATIONS);
  await page.getByRole("link", { name: "Databricks" }).click();
  if (options.backfillFrom) {
    await page.getByRole("checkbox", { name: /Historical backfill/ }).check();
    await page.getByLabel("Backfill from").fill(options.backfillFrom);
  }
  if (options.exportDataConfig) await page.getByLabel("Export data configuration").check();
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
    // Grants on tables only apply to tables that exist; those on views name the admin's readers.
    .filter((line) => line.startsWith("GRANT") && !line.includes("ON TABLE") && !line.includes("ON VIEW"));
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
  const checklist = page.getByRole("region", { name: "Connection check" });
  await expect(checklist).toContainText("SELECT 1 ran on the warehouse.");
  // The load path: a test file uploaded, validated by COPY INTO, and removed.
  await expect(checklist).toContainText("Upload to the staging volume (PUT): passed.");
  await expect(checklist).toContainText("COPY INTO (validate): passed.");
  await expect(checklist).toContainText("Remove the test file (REMOVE): passed.");
  await page.getByRole("button", { name: "Finish" }).click();
  await expect(page).toHaveURL(/\/catalog\/destinations\/d[a-z2-7]{24}$/);
  return facts;
}
