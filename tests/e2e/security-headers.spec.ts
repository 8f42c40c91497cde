import { ACME_DESTINATIONS, expect, test } from "./helpers";

// Issue 14, item 6: every page carries a script-restricting CSP with a nonce of its own, Next's
// scripts carry that nonce, and the pages still work under it (every other test is signed in
// through the sign-in form's script).

test("pages run their scripts under a per-request nonce policy, and nothing else runs", async ({
  pageAs,
}) => {
  const page = await pageAs("admin");
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  const policies: string[] = [];
  for (let i = 0; i < 2; i++) {
    const response = await page.goto(ACME_DESTINATIONS);
    const policy = (await response!.allHeaders())["content-security-policy"] ?? "";
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain("'unsafe-inline' 'strict-dynamic'");
    policies.push(policy);
    const nonce = /'nonce-([^']+)'/.exec(policy)![1]!;
    // Every script Next wrote into the page carries this response's nonce.
    const scripts = await page
      .locator("script")
      .evaluateAll((elements) => elements.map((element) => (element as HTMLScriptElement).nonce));
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((value) => value === nonce)).toBe(true);
  }
  expect(policies[0]).not.toBe(policies[1]);
  // Markup injected as an XSS would inject it (an inline handler) does not run.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML(
      "beforeend",
      `<img src="/missing.png" onerror="window.__injected = true">`,
    );
  });
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(
    await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected),
  ).toBeUndefined();
  expect(violations.every((text) => !text.includes("_next/"))).toBe(true);
});

test("pages whose paths only begin like an ingest route get the nonce policy too", async ({ request }) => {
  for (const path of ["/batchx", "/identify-me", "/2/httpapix"]) {
    const response = await request.get(path);
    expect(response.headers()["content-security-policy"], path).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  }
});

test("APIs and the ingest answer with the baseline headers", async ({ request }) => {
  const jwks = await request.get("/.well-known/jwks.json");
  expect(jwks.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(jwks.headers()["x-content-type-options"]).toBe("nosniff");
});
