import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { ACME_KEY, expect, test } from "./helpers";

// Issue 15, item 2: the official browser SDK, with request body compression on, from another
// origin: its gzip bodies pass the CORS preflight and are stored.
const port = Number(process.env.E2E_PORT || 3210);
const sdkScript = createRequire(import.meta.url).resolve(
  "@amplitude/analytics-browser/lib/scripts/amplitude-min.js",
);

test("the browser SDK's gzip bodies are accepted and stored", async ({ browser, pageAs }) => {
  const runTag = `gzip-${Date.now()}`;
  const context = await browser.newContext();
  const sdkPage = await context.newPage();
  const encodings: (string | undefined)[] = [];
  sdkPage.on("request", async (request) => {
    if (request.url().endsWith("/2/httpapi") && request.method() === "POST")
      encodings.push((await request.allHeaders())["content-encoding"]);
  });
  // A site of another origin (a loopback server of the test's own), so that the SDK's
  // requests are cross-origin, with the CORS preflight a real site's would have. (Chromium lets
  // only a loopback page call a loopback API.)
  const site = createServer((_request, response) =>
    response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>shop</title>"),
  );
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  await sdkPage.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
  await sdkPage.addScriptTag({ path: sdkScript });
  const code = await sdkPage.evaluate(
    async ({ key, serverUrl, runTag }) => {
      const amplitude = (window as unknown as { amplitude: any }).amplitude; // eslint-disable-line @typescript-eslint/no-explicit-any
      await amplitude.init(key, {
        serverUrl,
        enableRequestBodyCompression: true,
        autocapture: false,
        flushQueueSize: 1,
        logLevel: 0,
      }).promise;
      // Over 2 KiB, so that the SDK compresses the body.
      const result = await amplitude.track(
        `${runTag} compressed`,
        { a: "x".repeat(1000), b: "y".repeat(1000), c: "z".repeat(1000) },
        { device_id: `${runTag}-device` },
      ).promise;
      return result.code;
    },
    { key: ACME_KEY, serverUrl: `http://127.0.0.1:${port}/2/httpapi`, runTag },
  );
  expect(code).toBe(200);
  expect(encodings).toContain("gzip");
  await context.close();
  site.close();

  const page = await pageAs("member");
  await page.goto("/orgs/acme/projects/acme-web/catalog/events");
  await expect(
    page.getByRole("region", { name: "Recent events" }).getByRole("cell", { name: `${runTag} compressed` }),
  ).toBeVisible();
});
