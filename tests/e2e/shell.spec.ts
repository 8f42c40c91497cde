import { expect, test } from "@playwright/test";
import { ACME_DESTINATIONS, signIn } from "./helpers";

test("the header switches between projects of the user's organizations", async ({ page }) => {
  await signIn(page, "admin@acme.test");
  await page.getByLabel("Organization: Acme Analytics").click();
  // admin@acme.test belongs to Acme only: Globex is not offered.
  await expect(page.getByRole("link", { name: "Globex" })).toHaveCount(0);
  await page.getByLabel("Project: Acme Web").click();
  await expect(page.getByRole("link", { name: "Acme Web" }).first()).toBeVisible();
});

for (const width of [1280, 390]) {
  test(`the Destinations tab fits a ${width} px wide window`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, "manager@acme.test");
    await page.goto(ACME_DESTINATIONS);
    await expect(page.getByRole("article", { name: "Databricks" })).toBeVisible();
    await expect(page.getByLabel("User menu")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}
