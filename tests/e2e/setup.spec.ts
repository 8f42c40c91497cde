import pg from "pg";
import { freePort } from "../../scripts/embedded-postgres.mjs";
import { startProductionServer } from "../../scripts/production-server.mjs";
import { expect, test } from "./helpers";

// First-run setup (issue 16) on a deployment of its own: the same production build on an
// empty database, with SETUP_TOKEN set as production requires.

const SETUP_TOKEN = "e2e-setup-token-0123456789abcdef";
let portal: { url: string; databaseUrl: string; stop: () => Promise<void> };
let origin: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const port = await freePort();
  portal = await startProductionServer({
    port,
    build: false,
    seed: false,
    quiet: true,
    extraEnv: { SETUP_TOKEN },
  });
  // The origin NEXTAUTH_URL names, so that the session cookie is the portal's.
  origin = `http://localhost:${port}`;
});

test.afterAll(async () => {
  await portal?.stop();
});

async function userCount(): Promise<number> {
  const client = new pg.Client({ connectionString: portal.databaseUrl });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "User"`)).rows[0]!.n);
  } finally {
    await client.end();
  }
}

async function fillSetup(page: import("@playwright/test").Page, token: string) {
  await page.getByLabel("Setup token").fill(token);
  await page.getByLabel("Your name").fill("Fay First");
  await page.getByLabel("Email").fill("fay@first.test");
  await page.getByLabel("Password").fill("first-admin-password");
  await page.getByLabel("Organization name").fill("First Org");
  await page.getByLabel("First project name").fill("First App");
  await page.getByRole("button", { name: "Create admin account" }).click();
}

test("on an empty database every page leads to setup, which refuses a missing or wrong token", async ({
  page,
}) => {
  for (const path of ["/", "/signin", "/orgs/acme/projects/acme-web"]) {
    await page.goto(`${origin}${path}`);
    await expect(page, path).toHaveURL(`${origin}/setup`);
  }
  await expect(page.getByRole("heading", { name: "Set up Deltaport" })).toBeVisible();

  await fillSetup(page, "");
  await expect(page.getByText("Enter the setup token.")).toBeVisible();
  await fillSetup(page, "a-guess-of-the-setup-token");
  await expect(page.getByText("This setup token is not the deployment's.").first()).toBeVisible();
  expect(await userCount()).toBe(0);
});

test("with the token, setup creates the first admin and their project; then /setup is gone", async ({
  page,
}) => {
  await page.goto(`${origin}/setup?token=${SETUP_TOKEN}`);
  await expect(page.getByLabel("Setup token")).toHaveValue(SETUP_TOKEN);
  await fillSetup(page, SETUP_TOKEN);
  await page.waitForURL(`${origin}/orgs/first-org/projects/first-app`);
  await expect(page.getByRole("heading", { name: "First App" })).toBeVisible();
  await expect(page.getByText("admin of First Org")).toBeVisible();
  expect(await userCount()).toBe(1);

  expect((await page.goto(`${origin}/setup?token=${SETUP_TOKEN}`))?.status()).toBe(404);
  await page.context().clearCookies();
  await page.goto(`${origin}/`);
  await expect(page).toHaveURL(/\/signin/);
});
