import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT || 3210);

// Debian's Chromium (apt-get install chromium): Playwright's own browser download cannot run here.
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!existsSync(executablePath)) {
  throw new Error(
    `No Chromium at ${executablePath}: install Debian's (apt-get install chromium) or set CHROMIUM_PATH.`,
  );
}

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  // CI has 2 cores, shared by the server, PostgreSQL, the Databricks emulator, the export runner
  // and the browser: one worker is stable there, while two made a test's page loads and
  // server actions (a Verify connection) 3 times slower and pushed tests against the 30 s limit.
  workers: process.env.CI ? 1 : undefined,
  retries: 0,
  forbidOnly: true,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    baseURL: `http://localhost:${port}`,
    // A failed test keeps its trace, with DOM snapshots of every step; the screencast is left
    // out: encoding its frames during every test takes CPU that the 2-core CI machine lacks.
    trace: { mode: "retain-on-failure", screenshots: false },
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    // Each demo user signs in once, and the server's routes are loaded once (auth.setup.ts);
    // tests then start from those sessions (pageAs in helpers.ts).
    { name: "setup", testMatch: /auth\.setup\.ts$/, use: { ...devices["Desktop Chrome"] } },
    { name: "chromium", dependencies: ["setup"], use: { ...devices["Desktop Chrome"] } },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `http://localhost:${port}/signin`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
