#!/usr/bin/env node
// The portal as end-to-end tests see it (started by playwright.config.ts): a production build
// on a fresh embedded PostgreSQL with the demo seeded. E2E_SKIP_BUILD=1 reuses .next.
import { mkdirSync, writeFileSync } from "node:fs";
import { startProductionServer } from "./production-server.mjs";

const port = Number(process.env.E2E_PORT || 3210);
try {
  const portal = await startProductionServer({
    port,
    build: process.env.E2E_SKIP_BUILD !== "1",
    withExports: true,
  });
  // Tests that inspect the database (e.g. that a value was never stored) read its URL here.
  mkdirSync("test-results", { recursive: true });
  writeFileSync("test-results/e2e-database-url", portal.databaseUrl);
  writeFileSync("test-results/e2e-emulator-facts", portal.emulatorFacts);
  const stop = async () => {
    await portal.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  portal.server.on("exit", stop);
} catch (error) {
  console.error(error);
  process.exit(1);
}
