#!/usr/bin/env node
// `npm test`: the whole suite, as CI runs it: format check, typecheck, lint, unit, integration (real
// PostgreSQL), end-to-end (Playwright in Debian's Chromium against a production build).
// Every stage runs even when an earlier one fails; the last line is the total,
// `N passed, N failed`, and the exit code is non-zero if anything failed or no test ran.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const reports = mkdtempSync(path.join(tmpdir(), "deltaport-test-reports-"));
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function run(command, args, env = {}) {
  const started = Date.now();
  const { status } = spawnSync(command, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...env },
  });
  return { status: status ?? 1, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
}

const vitestCounts = (report) => ({
  passed: report?.numPassedTests ?? 0,
  failed: report?.numFailedTests ?? 0,
});
const playwrightCounts = (report) => ({
  passed: (report?.stats?.expected ?? 0) + (report?.stats?.flaky ?? 0),
  failed: report?.stats?.unexpected ?? 0,
});

const checks = [
  { name: "format", command: bin("prettier"), args: ["--check", "--log-level", "warn", "."] },
  { name: "typecheck", command: bin("tsc"), args: ["--noEmit"] },
  { name: "lint", command: bin("eslint"), args: ["--max-warnings", "0", "."] },
];
const suites = ["unit", "integration"].map((project) => {
  const output = path.join(reports, `${project}.json`);
  return {
    name: project,
    command: bin("vitest"),
    args: [
      "run",
      "--project",
      project,
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${output}`,
    ],
    counts: () => vitestCounts(readJson(output)),
  };
});
const e2eReport = path.join(reports, "e2e.json");
suites.push({
  name: "e2e",
  command: bin("playwright"),
  args: ["test", "--reporter=list,json"],
  env: { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport },
  counts: () => playwrightCounts(readJson(e2eReport)),
});

const lines = [];
let broken = false;
for (const check of checks) {
  console.log(`\n▶ ${check.name}`);
  const { status, seconds } = run(check.command, check.args);
  broken ||= status !== 0;
  lines.push(`${check.name.padEnd(12)} ${status === 0 ? "ok" : "FAILED"} (${seconds}s)`);
}
const total = { passed: 0, failed: 0 };
for (const suite of suites) {
  console.log(`\n▶ ${suite.name} tests`);
  const { status, seconds } = run(suite.command, suite.args, suite.env);
  const counts = suite.counts();
  // A runner that fails before reporting (a crash, a server that never started) counts as one failure.
  if (status !== 0 && counts.failed === 0) counts.failed = 1;
  total.passed += counts.passed;
  total.failed += counts.failed;
  lines.push(`${suite.name.padEnd(12)} ${counts.passed} passed, ${counts.failed} failed (${seconds}s)`);
}

console.log(`\n${lines.join("\n")}`);
if (broken) console.log("A check failed: see above.");
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(broken || total.failed > 0 || total.passed === 0 ? 1 : 0);
