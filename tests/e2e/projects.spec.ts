import type { Page } from "@playwright/test";
import { expect, test } from "./helpers";

// Issue 16, item 4: projects are created (admins), renamed (admins and managers) and deleted
// (admins); anyone signed in creates an organization. Tests run side by side on one database:
// every name is unique to its run, and sorts after "Acme Web" (where acme's users land), and
// acme-web itself is never renamed or deleted.

const stamp = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`;
const slugOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
const ONLY_ADMINS = "Only admins of this organization can do this.";

/** Creates a project in acme through the New project page, and waits for its page. */
async function createProject(page: Page, name: string): Promise<string> {
  await page.goto("/orgs/acme/projects/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  const path = `/orgs/acme/projects/${slugOf(name)}`;
  await expect(page).toHaveURL(path);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  return path;
}

test("an admin creates a project from the header and renames it; its URL stays", async ({ pageAs }) => {
  const admin = await pageAs("admin");
  const name = `Sandbox ${stamp()}`;
  await admin.goto("/orgs/acme/projects/acme-web");
  await admin.getByLabel("Project: Acme Web").click();
  await admin.getByRole("link", { name: "New project" }).click();
  await expect(admin).toHaveURL("/orgs/acme/projects/new");

  const field = admin.getByLabel("Name", { exact: true });
  const create = admin.getByRole("button", { name: "Create project" });
  await field.fill("   ");
  await expect(admin.getByText("Enter a name for the project.")).toBeVisible();
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(create).toBeDisabled();
  await field.fill("x".repeat(101));
  await expect(admin.getByText("The name must be at most 100 characters.")).toBeVisible();
  await field.fill(name);
  await create.click();
  const path = `/orgs/acme/projects/${slugOf(name)}`;
  await expect(admin).toHaveURL(path);
  await expect(admin.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(admin.getByText("admin of Acme Analytics")).toBeVisible();

  await admin.goto(`${path}/settings`);
  const projectName = admin.getByLabel("Project name", { exact: true });
  await expect(projectName).toHaveValue(name);
  await projectName.fill(`${name} renamed`);
  await admin.getByRole("button", { name: "Rename project" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Project renamed." })).toBeVisible();
  await expect(admin.getByLabel(`Project: ${name} renamed`)).toBeVisible();
  await admin.goto(path);
  await expect(admin.getByRole("heading", { name: `${name} renamed`, level: 1 })).toBeVisible();
});

test("a manager cannot create a project, even by a forged call, but renames one and cannot delete it", async ({
  pageAs,
}) => {
  const manager = await pageAs("manager");
  await manager.goto("/orgs/acme/projects/acme-web");
  await manager.getByLabel("Project: Acme Web").click();
  await expect(manager.getByRole("link", { name: "Acme Web" }).first()).toBeVisible();
  await expect(manager.getByRole("link", { name: "New project" })).toHaveCount(0);
  await manager.goto("/orgs/acme/projects/new");
  await expect(manager.getByRole("button", { name: "Create project" })).toBeDisabled();
  await expect(manager.getByLabel("Name", { exact: true })).toBeDisabled();
  await expect(manager.getByText(ONLY_ADMINS)).toBeVisible();

  // The admin creates one; the manager replays the admin's exact call with another name.
  const admin = await pageAs("admin");
  const name = `Managed ${stamp()}`;
  await admin.goto("/orgs/acme/projects/new");
  await admin.getByLabel("Name", { exact: true }).fill(name);
  const [request] = await Promise.all([
    admin.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"])),
    admin.getByRole("button", { name: "Create project" }).click(),
  ]);
  const path = `/orgs/acme/projects/${slugOf(name)}`;
  await expect(admin).toHaveURL(path);
  const forged = await manager.context().request.post(request.url(), {
    headers: {
      "next-action": request.headers()["next-action"]!,
      "content-type": request.headers()["content-type"]!,
      accept: "text/x-component",
    },
    data: request.postData()!.replace(name, `Forged ${name}`),
  });
  expect(await forged.text()).toContain(ONLY_ADMINS);
  expect((await manager.goto(`/orgs/acme/projects/${slugOf(`Forged ${name}`)}`))?.status()).toBe(404);

  await manager.goto(`${path}/settings`);
  await manager.getByLabel("Project name", { exact: true }).fill(`${name} by manager`);
  await manager.getByRole("button", { name: "Rename project" }).click();
  await expect(manager.getByRole("status").filter({ hasText: "Project renamed." })).toBeVisible();
  await expect(manager.getByLabel(`Project: ${name} by manager`)).toBeVisible();
  await expect(manager.getByRole("button", { name: "Delete project" })).toBeDisabled();
  await expect(manager.getByRole("region", { name: "Delete this project" })).toContainText(ONLY_ADMINS);
});

test("an admin deletes a project: it leaves the switcher, its URL is 404 and its key is refused", async ({
  pageAs,
  request,
}) => {
  const admin = await pageAs("admin");
  const name = `Throwaway ${stamp()}`;
  const path = await createProject(admin, name);
  await admin.goto(`${path}/settings`);
  const apiKey = (await admin.getByTestId("api-key").textContent())!.trim();
  const track = () =>
    request.post("/2/httpapi", {
      data: {
        api_key: apiKey,
        events: [{ event_type: "deleted project test", device_id: "device-deleted" }],
      },
    });
  expect((await track()).status()).toBe(200);

  await admin.getByRole("button", { name: "Delete project" }).click();
  await admin.getByRole("button", { name: "Yes, delete project" }).click();
  // To the organization, which leads to its first live project.
  await admin.waitForURL(
    (url) => url.pathname.startsWith("/orgs/acme/projects/") && !url.pathname.startsWith(path),
  );
  await admin.getByLabel(/^Project: /).click();
  await expect(admin.getByRole("link", { name: "Acme Web" }).first()).toBeVisible();
  await expect(admin.getByRole("link", { name })).toHaveCount(0);

  for (const gone of [path, `${path}/settings`, `${path}/catalog/destinations`]) {
    const response = await admin.goto(gone);
    expect(response?.status(), gone).toBe(404);
  }
  expect(await (await track()).json()).toEqual({ code: 400, error: "Invalid API key" });
});

test("a viewer creates an organization and is its admin; with no project left it offers a new one", async ({
  pageAs,
}) => {
  const viewer = await pageAs("viewer");
  const organization = `Orbit ${stamp()}`;
  const orgPath = `/orgs/${slugOf(organization)}`;
  await viewer.goto("/orgs/acme/projects/acme-web");
  await viewer.getByLabel("Organization: Acme Analytics").click();
  await viewer.getByRole("link", { name: "New organization" }).click();
  await expect(viewer).toHaveURL("/orgs/new");

  const create = viewer.getByRole("button", { name: "Create organization" });
  await expect(create).toBeDisabled();
  await viewer.getByLabel("Organization name", { exact: true }).fill(organization);
  await viewer.getByLabel("First project name", { exact: true }).fill("  ");
  await expect(viewer.getByText("Enter a name for the project.")).toBeVisible();
  await expect(create).toBeDisabled();
  await viewer.getByLabel("First project name", { exact: true }).fill("Orbit Web");
  await create.click();
  await expect(viewer).toHaveURL(`${orgPath}/projects/orbit-web`);
  await expect(viewer.getByRole("heading", { name: "Orbit Web", level: 1 })).toBeVisible();
  await expect(viewer.getByText(`admin of ${organization}`)).toBeVisible();
  await viewer.getByLabel(`Organization: ${organization}`).click();
  await expect(viewer.getByRole("link", { name: "Acme Analytics" })).toBeVisible();

  // As its admin, the viewer may delete its only project: the organization then says so.
  await viewer.goto(`${orgPath}/projects/orbit-web/settings`);
  await viewer.getByRole("button", { name: "Delete project" }).click();
  await viewer.getByRole("button", { name: "Yes, delete project" }).click();
  await expect(viewer).toHaveURL(orgPath);
  await expect(viewer.getByRole("heading", { name: "No project yet" })).toBeVisible();
  await viewer.getByRole("link", { name: "New project" }).click();
  await expect(viewer).toHaveURL(`${orgPath}/projects/new`);
  await viewer.getByLabel("Name", { exact: true }).fill("Orbit Web");
  await viewer.getByRole("button", { name: "Create project" }).click();
  // The deleted project's slug is never given again.
  await expect(viewer).toHaveURL(`${orgPath}/projects/orbit-web-2`);

  // In Acme the viewer is still a viewer.
  await viewer.goto("/orgs/acme/projects/new");
  await expect(viewer.getByRole("button", { name: "Create project" })).toBeDisabled();
});
