import { ACME_DESTINATIONS, expect, test } from "./helpers";

test("the header switches between projects of the user's organizations", async ({ pageAs }) => {
  const page = await pageAs("admin");
  await page.goto("/");
  await page.getByLabel("Organization: Acme Analytics").click();
  // admin@acme.test belongs to Acme only: Globex is not offered.
  await expect(page.getByRole("link", { name: "Globex" })).toHaveCount(0);
  await page.getByLabel("Project: Acme Web").click();
  await expect(page.getByRole("link", { name: "Acme Web" }).first()).toBeVisible();
});

for (const width of [1280, 390]) {
  test(`the Destinations tab fits a ${width} px wide window`, async ({ pageAs }) => {
    const page = await pageAs("manager");
    await page.setViewportSize({ width, height: 900 });
    await page.goto(ACME_DESTINATIONS);
    await expect(page.getByRole("article", { name: "Databricks" })).toBeVisible();
    await expect(page.getByLabel("User menu")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}
