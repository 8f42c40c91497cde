import { readFileSync } from "node:fs";
import type { Browser, Page } from "@playwright/test";
import pg from "pg";
import { expect, signIn, test } from "./helpers";

// Teams (issue 16): invitations, roles, removal and password changes, each role-gated action
// with an allowed and a denied role. Every person whose role or session a test changes is new,
// invited by the test itself: the demo users' sessions are shared by every test of the run.

const ACME_MEMBERS = "/orgs/acme/members";
const PASSWORD = "a-new-members-password";
const uniqueEmail = (name: string) => `${name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;

async function query<Row extends object>(sql: string, params: unknown[]): Promise<Row[]> {
  const client = new pg.Client({ connectionString: readFileSync("test-results/e2e-database-url", "utf8") });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** On an organization's members page, invites `email` with `role`; returns the link shown. */
async function invite(page: Page, membersPath: string, email: string, role: string): Promise<string> {
  await page.goto(membersPath);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption({ label: role });
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = page.getByLabel("Invitation link");
  await expect(link).toHaveValue(/\/invite\/[A-Za-z0-9_-]{43}$/);
  return link.inputValue();
}

/** Opens `link` in a new browser, creates the account and returns the signed-in page. */
async function acceptAsNewPerson(browser: Browser, link: string, name: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(link);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await page.waitForURL(/\/orgs\/[^/]+\/projects\/[^/]+$/);
  return page;
}

test("an admin invites a manager, who accepts in a second browser and lands in the organization as manager", async ({
  pageAs,
  browser,
}) => {
  const admin = await pageAs("admin");
  const email = uniqueEmail("manager");
  const link = await invite(admin, ACME_MEMBERS, email, "Manager");
  await expect(admin.getByRole("status")).toContainText("Invitation");
  // Pending until accepted.
  await expect(
    admin
      .getByRole("region", { name: "Pending invitations" })
      .getByRole("cell", { name: email, exact: true }),
  ).toBeVisible();

  const invited = await acceptAsNewPerson(browser, link, "Nia New");
  await expect(invited).toHaveURL(/\/orgs\/acme\/projects\/acme-web$/);
  await expect(invited.getByText("manager of Acme Analytics")).toBeVisible();
  // Used once: the link now says so, even to the person it was for.
  await invited.goto(link);
  await expect(invited.getByText("This invitation has already been used.")).toBeVisible();

  await admin.goto(ACME_MEMBERS);
  await expect(admin.getByLabel(`Role of ${email}`)).toHaveValue("MANAGER");
  await invited.context().close();
});

test("a member cannot invite, and a forged invitation call is refused", async ({ pageAs }) => {
  const member = await pageAs("member");
  await member.goto(ACME_MEMBERS);
  const send = member.getByRole("button", { name: "Send invitation" });
  await expect(send).toBeDisabled();
  await expect(member.getByText("Only admins of this organization can do this.").first()).toBeVisible();
  // Nor manage: no role select, and every Remove button disabled.
  await expect(member.getByLabel("Role of manager@acme.test")).toHaveCount(0);
  await expect(member.getByRole("button", { name: "Remove manager@acme.test" })).toBeDisabled();

  // The browser's controls are only a hint: enabled by hand, the call reaches the server's check.
  const email = uniqueEmail("forged");
  await member
    .locator("form input, form select, form button")
    .evaluateAll((elements) => elements.forEach((element) => element.removeAttribute("disabled")));
  await member.getByLabel("Email").fill(email);
  await send.click();
  await expect(member.getByRole("status")).toHaveText("Only admins of this organization can do this.");
  expect(await query("SELECT 1 FROM invitations WHERE email = $1", [email])).toHaveLength(0);
});

test("the last admin can neither leave nor be demoted", async ({ pageAs }) => {
  const admin = await pageAs("globexAdmin");
  await admin.goto("/orgs/globex/members");
  await admin.getByRole("button", { name: "Leave organization" }).click();
  await admin.getByRole("button", { name: "Yes, leave organization" }).click();
  await expect(admin.getByRole("status")).toHaveText(
    "An organization needs at least one admin: make someone else an admin first.",
  );
  await admin.goto("/orgs/globex/projects/globex-app");
  await expect(admin.getByText("admin of Globex")).toBeVisible();
});

test("a role change takes effect at the person's next request", async ({ pageAs, browser }) => {
  const admin = await pageAs("admin");
  const email = uniqueEmail("demoted");
  const person = await acceptAsNewPerson(
    browser,
    await invite(admin, ACME_MEMBERS, email, "Manager"),
    "Dee Moted",
  );
  await person.goto("/orgs/acme/projects/acme-web/settings");
  await expect(person.getByTestId("api-key")).toBeVisible();

  await admin.goto(ACME_MEMBERS);
  await admin.getByLabel(`Role of ${email}`).selectOption("VIEWER");
  await expect(admin.getByRole("status").filter({ hasText: "Role changed." })).toBeVisible();

  await person.reload();
  await expect(person.getByTestId("api-key")).toHaveCount(0);
  await expect(person.getByText("Only admins and managers of this organization can do this.")).toBeVisible();
  await person.context().close();
});

test("a removed member's session stops working", async ({ pageAs, browser }) => {
  const admin = await pageAs("admin");
  const email = uniqueEmail("removed");
  const person = await acceptAsNewPerson(
    browser,
    await invite(admin, ACME_MEMBERS, email, "Member"),
    "Rea Moved",
  );

  await admin.goto(ACME_MEMBERS);
  await admin.getByRole("button", { name: `Remove ${email}` }).click();
  await admin.getByRole("button", { name: `Yes, remove ${email}` }).click();
  // The row goes, with its button.
  await expect(admin.getByRole("cell", { name: email, exact: true })).toHaveCount(0);

  await person.goto("/orgs/acme/projects/acme-web");
  await expect(person).toHaveURL(/\/signin/);
  await person.context().close();
});

test("another organization's invitation grants nothing in Acme", async ({ pageAs, browser }) => {
  const globex = await pageAs("globexAdmin");
  const email = uniqueEmail("globex");
  const person = await acceptAsNewPerson(
    browser,
    await invite(globex, "/orgs/globex/members", email, "Admin"),
    "Gil Obex",
  );
  await expect(person).toHaveURL(/\/orgs\/globex\/projects\/globex-app$/);
  for (const path of ["/orgs/acme/projects/acme-web", ACME_MEMBERS, "/orgs/acme"])
    expect((await person.goto(path))?.status(), path).toBe(404);
  await person.context().close();
});

test("a link for one e-mail cannot be used by another account, and a revoked link says so", async ({
  pageAs,
}) => {
  const admin = await pageAs("admin");
  const email = uniqueEmail("meant");
  const link = await invite(admin, ACME_MEMBERS, email, "Viewer");

  const viewer = await pageAs("viewer");
  await viewer.goto(link);
  await expect(viewer.getByRole("heading", { name: "This invitation is for someone else" })).toBeVisible();

  await admin.goto(ACME_MEMBERS);
  await admin.getByRole("button", { name: `Revoke invitation for ${email}` }).click();
  await admin.getByRole("button", { name: `Yes, revoke invitation for ${email}` }).click();
  await expect(
    admin
      .getByRole("region", { name: "Pending invitations" })
      .getByRole("cell", { name: email, exact: true }),
  ).toHaveCount(0);
  await viewer.goto(link);
  await expect(viewer.getByText("This invitation was revoked. Ask an admin for a new one.")).toBeVisible();
});

test("a password change ends the person's other sessions, not the one that changed it", async ({
  pageAs,
  browser,
}) => {
  const admin = await pageAs("admin");
  const email = uniqueEmail("rotates");
  const first = await acceptAsNewPerson(
    browser,
    await invite(admin, ACME_MEMBERS, email, "Member"),
    "Ro Tate",
  );
  const second = await (await browser.newContext()).newPage();
  await signIn(second, email, PASSWORD);

  await first.goto("/account");
  await first.getByLabel("Current password").fill("not-the-password");
  await first.getByLabel("New password").fill("another-long-password");
  await first.getByRole("button", { name: "Change password" }).click();
  await expect(first.getByRole("region", { name: "Change password" }).getByRole("alert")).toHaveText(
    "This is not your current password.",
  );

  await first.getByLabel("Current password").fill(PASSWORD);
  await first.getByLabel("New password").fill("another-long-password");
  await first.getByRole("button", { name: "Change password" }).click();
  await expect(first.getByRole("status")).toHaveText("Password changed. Your other sessions are signed out.");

  await second.goto("/orgs/acme/projects/acme-web");
  await expect(second).toHaveURL(/\/signin/);
  await first.goto("/orgs/acme/projects/acme-web");
  await expect(first.getByText("member of Acme Analytics")).toBeVisible();
  await first.context().close();
  await second.context().close();
});
