import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { expect, test } from "./helpers";

// Issue 18, item 4: an admin adds an alert webhook, copies its secret (shown once), and a test
// message arrives signed with it; a manager neither sees the page's controls nor the link.

test("an admin adds an alert webhook, its test message arrives signed with the secret shown once; a manager cannot manage webhooks", async ({
  pageAs,
}) => {
  const received: { body: string; signature: string }[] = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push({ body, signature: String(req.headers["deltaport-signature"]) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook-${Date.now()}`;
  try {
    const admin = await pageAs("admin");
    await admin.goto("/orgs/acme/members");
    await admin.getByRole("link", { name: "Alert webhooks" }).click();
    await expect(admin.getByRole("heading", { name: "Alert webhooks of Acme" })).toBeVisible();
    await admin.getByLabel("Webhook URL").fill("not a url");
    await admin.getByRole("button", { name: "Add webhook" }).click();
    await expect(admin.getByLabel("Webhook URL")).toHaveAccessibleDescription(/full URL/);
    await admin.getByLabel("Webhook URL").fill(url);
    await admin.getByRole("button", { name: "Add webhook" }).click();
    await expect(admin.getByText("Copy its signing secret now")).toBeVisible();
    const secret = await admin.getByLabel("Signing secret").inputValue();
    expect(secret).toMatch(/^whsec_[\w-]{43}$/);

    const row = admin.getByRole("row").filter({ hasText: url });
    await row.getByRole("button", { name: "Send test" }).click();
    await expect(row.getByRole("status")).toContainText("Test message delivered.");
    expect(received).toHaveLength(1);
    const { body, signature } = received[0]!;
    const t = /^t=(\d+),v1=/.exec(signature)![1]!;
    const mac = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(signature).toBe(`t=${t},v1=${mac}`);
    expect(JSON.parse(body)).toMatchObject({ event: "webhook.test" });
    // Shown once: after a reload, the secret is gone from the page.
    await admin.reload();
    await expect(admin.getByLabel("Signing secret")).toHaveCount(0);
    await expect(admin.getByRole("row").filter({ hasText: url })).toContainText("webhook.test: delivered");

    const manager = await pageAs("manager");
    await manager.goto("/orgs/acme/members");
    await expect(manager.getByRole("link", { name: "Alert webhooks" })).toHaveCount(0);
    await manager.goto("/orgs/acme/webhooks");
    await expect(manager.getByText("Only admins of this organization can do this.").first()).toBeVisible();
    await expect(manager.getByText(url)).toHaveCount(0);
    await expect(manager.getByRole("button", { name: "Add webhook" })).toBeDisabled();

    await admin.getByRole("row").filter({ hasText: url }).getByRole("button", { name: "Delete" }).click();
    await admin.getByRole("button", { name: "Yes, delete" }).click();
    await expect(admin.getByRole("row").filter({ hasText: url })).toHaveCount(0);
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
