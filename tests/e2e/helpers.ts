import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "deltaport-demo";
export const ACME_DESTINATIONS = "/orgs/acme/projects/acme-web/catalog/destinations";

/** Fills and submits the sign-in form, whatever the outcome. */
export async function submitSignIn(page: Page, email: string, password: string) {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in and waits until the portal has left the sign-in page. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await submitSignIn(page, email, password);
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
}

/** Whether the browser holds a next-auth session cookie. */
export async function hasSessionCookie(page: Page): Promise<boolean> {
  return (await page.context().cookies()).some((cookie) => cookie.name.includes("next-auth.session-token"));
}
