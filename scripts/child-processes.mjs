// The long-running children the launchers start (the Databricks emulator, the local export
// runner) and how they are stopped. Both exit by themselves when their parent's pipe closes.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Asks a child to stop, and insists after 5 seconds. */
export function stopChild(child) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    const insist = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(insist);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Starts the emulator with its state in `dir`; resolves with its facts once it listens. */
export function startEmulatorChild(dir, env) {
  const child = spawn(process.execPath, ["--import", "tsx", "emulator/main.ts"], {
    cwd: root,
    env: { ...env, EMULATOR_DATA_DIR: dir, EMULATOR_EXIT_WITH_PARENT: "1" },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const factsFile = path.join(dir, "workspace.json");
  return new Promise((resolve, reject) => {
    let output = "";
    const onOutput = (chunk) => {
      output += chunk;
      if (!output.includes("Workspace facts:")) return;
      // Ready: stop collecting its output, but keep draining the pipe so it never blocks.
      child.stdout.off("data", onOutput).resume();
      resolve({
        child,
        factsFile,
        facts: JSON.parse(readFileSync(factsFile, "utf8")),
        stop: () => stopChild(child),
      });
    };
    child.stdout.on("data", onOutput);
    child.once("exit", (code) => reject(new Error(`the Databricks emulator exited (${code}):\n${output}`)));
  });
}

/** Starts the local export runner (scripts/local-export-runner.ts), for when Inngest is not configured. */
export function startExportRunnerChild(env, { quiet = false } = {}) {
  return spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/local-export-runner.ts"],
    {
      cwd: root,
      env: { ...env, EXIT_WITH_PARENT: "1" },
      stdio: ["pipe", quiet ? "ignore" : "inherit", "inherit"],
    },
  );
}
