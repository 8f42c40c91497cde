import {
  ACME_DESTINATIONS,
  DEMO_PASSWORD,
  expect,
  hasSessionCookie,
  signIn,
  submitSignIn,
  test,
} from "./helpers";

const ROLES = [
  { email: "admin@acme.test", role: "admin", mayCreate: true },
  { email: "manager@acme.test", role: "manager", mayCreate: true },
  { email: "member@acme.test", role: "member", mayCreate: false },
  { email: "viewer@acme.test", role: "viewer", mayCreate: false },
];

test("visiting / without a session leads to the sign-in page", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.goto(ACME_DESTINATIONS);
  await expect(page).toHaveURL(/\/signin/);
});

for (const { email, role, mayCreate } of ROLES) {
  test(`${role} signs in and reaches the Destinations tab`, async ({ page }) => {
    await signIn(page, email);
    await expect(page).toHaveURL(/\/orgs\/acme\/projects\/acme-web$/);
    await expect(page.getByRole("heading", { name: "Acme Web" })).toBeVisible();
    await expect(page.getByText(`${role} of Acme Analytics`)).toBeVisible();

    await page
      .getByRole("link", { name: /Destinations/ })
      .first()
      .click();
    await expect(page).toHaveURL(ACME_DESTINATIONS);
    await expect(page.getByRole("link", { name: "Destinations", exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );
    const section = page.getByRole("region", { name: "Warehouse Destinations" });
    await expect(section).toBeVisible();
    const card = section.getByRole("article", { name: "Databricks" });
    await expect(card).toBeVisible();
    // The UI says why a role may not create a destination; the server enforces it separately.
    const note = card.getByText("Only admins and managers of this organization can do this.");
    if (mayCreate) await expect(note).toHaveCount(0);
    else await expect(note).toBeVisible();
  });
}

test("the API key is shown to admins and managers only", async ({ pageAs }) => {
  for (const [user, sees] of [
    ["manager", true],
    ["viewer", false],
  ] as const) {
    const page = await pageAs(user);
    await page.goto("/orgs/acme/projects/acme-web/catalog/events");
    const key = page.getByText("d3a1a0f1e5c2b4a6d8e0f2a4c6e8b0d2", { exact: true });
    if (sees) await expect(key).toBeVisible();
    else {
      // Scoped: the catalog's read-only controls say the same sentence.
      await expect(
        page
          .getByRole("region", { name: "Send events" })
          .getByText("Only admins and managers of this organization can do this."),
      ).toBeVisible();
      expect(await page.content()).not.toContain("d3a1a0f1e5c2b4a6d8e0f2a4c6e8b0d2");
    }
    await page.context().close();
  }
});

test("a wrong password shows an error and creates no session", async ({ page }) => {
  await submitSignIn(page, "admin@acme.test", "not-the-password");
  await expect(page.locator("form").getByRole("alert")).toHaveText("Incorrect email or password.");
  await expect(page).toHaveURL(/\/signin/);
  expect(await hasSessionCookie(page)).toBe(false);
  await page.goto(ACME_DESTINATIONS);
  await expect(page).toHaveURL(/\/signin/);
});

test("an unknown e-mail gets the same answer as a wrong password", async ({ page }) => {
  await submitSignIn(page, "nobody@acme.test", DEMO_PASSWORD);
  await expect(page.locator("form").getByRole("alert")).toHaveText("Incorrect email or password.");
  expect(await hasSessionCookie(page)).toBe(false);
});

test("after ten failed attempts the form says to wait, without saying whether the account exists", async ({
  page,
}) => {
  // An e-mail of this run alone: counts are kept in PostgreSQL for 15 minutes.
  const email = `locked-${Date.now()}@acme.test`;
  await submitSignIn(page, email, "guess-0");
  const alert = page.locator("form").getByRole("alert");
  await expect(alert).toHaveText("Incorrect email or password.");
  for (let i = 1; i < 10; i++) {
    await page.getByLabel("Password").fill(`guess-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    await expect(alert).toHaveText("Incorrect email or password.");
  }
  await page.getByLabel("Password").fill("guess-10");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert).toHaveText("Too many failed sign-in attempts. Try again in 15 minutes.");
  expect(await hasSessionCookie(page)).toBe(false);
});

test("globex-admin gets 404 on an Acme project URL", async ({ pageAs }) => {
  const page = await pageAs("globexAdmin");
  await page.goto("/");
  await expect(page).toHaveURL(/\/orgs\/globex\/projects\/globex-app$/);
  for (const path of ["/orgs/acme/projects/acme-web", ACME_DESTINATIONS, "/orgs/acme"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
});

test("sign-out ends the session", async ({ page }) => {
  await signIn(page, "member@acme.test");
  await expect(page.getByRole("heading", { name: "Acme Web" })).toBeVisible();
  expect(await hasSessionCookie(page)).toBe(true);
  const cookies = await page.context().cookies();
  await page.getByLabel("User menu").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  expect(await hasSessionCookie(page)).toBe(false);
  await page.goto(ACME_DESTINATIONS);
  await expect(page).toHaveURL(/\/signin/);
  // The server ended it too: the old cookie, put back, is no session any more.
  await page.context().addCookies(cookies);
  await page.goto(ACME_DESTINATIONS);
  await expect(page).toHaveURL(/\/signin/);
});

test("pages and APIs are sent with the security headers (issue 14, item 6)", async ({ request }) => {
  for (const path of ["/signin", "/.well-known/jwks.json"]) {
    const headers = (await request.get(path)).headers();
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    // The suite runs a production build.
    expect(headers["strict-transport-security"], path).toContain("max-age=");
  }
});
