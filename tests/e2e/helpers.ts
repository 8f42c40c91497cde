import path from "node:path";
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "deltaport-demo";
export const ACME_DESTINATIONS = "/orgs/acme/projects/acme-web/catalog/destinations";
/** The demo project's ingest API key (prisma/seed.ts). */
export const ACME_KEY = "d3a1a0f1e5c2b4a6d8e0f2a4c6e8b0d2";

/** The seeded demo users, by the role each test asks for. */
export const DEMO_USERS = {
  admin: "admin@acme.test",
  manager: "manager@acme.test",
  member: "member@acme.test",
  viewer: "viewer@acme.test",
  globexAdmin: "globex-admin@globex.test",
} as const;
export type DemoUser = keyof typeof DEMO_USERS;

/**
 * Where auth.setup.ts saves each demo user's signed-in browser state (test-results/ is emptied
 * at the start of every run, then the setup project signs each user in once).
 */
export const storageStateOf = (user: DemoUser) => path.resolve("test-results", ".auth", `${user}.json`);

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

/**
 * Tests whose subject is not the sign-in form start signed in: `pageAs("manager")` is a page
 * in a fresh browser context holding the session auth.setup.ts saved for that user (the
 * portal re-reads the user and role from the database on every request). Each call is a
 * context of its own, so a test can act as two users at once; all are closed after the test.
 */
export const test = base.extend<{ pageAs: (user: DemoUser) => Promise<Page> }>({
  // (`provide` is Playwright's `use`, renamed so that the React hooks lint rule leaves it alone.)
  pageAs: async ({ browser }, provide) => {
    const contexts: BrowserContext[] = [];
    await provide(async (user) => {
      const context = await browser.newContext({ storageState: storageStateOf(user) });
      contexts.push(context);
      return context.newPage();
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});
export { expect };
