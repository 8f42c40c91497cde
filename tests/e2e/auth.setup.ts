import { expect, test as setup, type APIRequestContext } from "@playwright/test";
import { ACME_DESTINATIONS, DEMO_USERS, signIn, storageStateOf, type DemoUser } from "./helpers";

// Each demo user signs in through the form once per run, and the tests reuse the session
// (pageAs in helpers.ts) instead of signing in again: every sign-in is an argon2id hash on the
// server plus three page loads in the browser, which, repeated in every test, starved the
// 2-core CI machine. The session is a JWT cookie whose user and role the portal re-reads from
// the database on every request, so it stays valid for the whole run.
for (const user of Object.keys(DEMO_USERS) as DemoUser[]) {
  setup(`${user} signs in once for the run`, async ({ page }) => {
    await signIn(page, DEMO_USERS[user]);
    await page.context().storageState({ path: storageStateOf(user) });
    if (user === "admin") await setup.step("warm up the server", () => warmUp(page.request));
  });
}

const ACME = "/orgs/acme/projects/acme-web";

/**
 * The production server loads a route's code on its first request: each route the tests use is
 * requested once here, before any test, so that no test pays for it. Nothing here writes to the
 * database. (Browser-side costs cannot be shared: every test has a fresh browser context.)
 */
async function warmUp(request: APIRequestContext) {
  for (const path of [
    ACME,
    ACME_DESTINATIONS,
    // The wizard draws a destination id when it opens; nothing is stored until Finish.
    `${ACME_DESTINATIONS}/databricks/new`,
    `${ACME}/catalog/events`,
    `${ACME}/settings`,
    `${ACME}/audit`,
    // The forms that create a project and an organization; nothing is stored until submitted.
    "/orgs/acme/projects/new",
    "/orgs/new",
  ])
    expect((await request.get(path)).status(), path).toBe(200);
  // A well-formed id that names no destination: the destination page's code runs, then 404.
  expect((await request.get(`${ACME_DESTINATIONS}/d${"a".repeat(24)}`)).status()).toBe(404);
  // The ingestion endpoints refuse an unknown key before storing anything.
  for (const endpoint of ["/2/httpapi", "/batch"])
    expect((await request.post(endpoint, { data: { api_key: "0".repeat(32), events: [] } })).status()).toBe(
      400,
    );
  for (const path of ["/.well-known/openid-configuration", "/.well-known/jwks.json"])
    expect((await request.get(path)).status(), path).toBe(200);
}
