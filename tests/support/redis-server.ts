import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { freePort } from "../../scripts/embedded-postgres.mjs";

// A real Redis for the tests of the Redis rate-limit store: Debian's redis-server (which
// .ci/run installs), on a loopback port of its own, keeping nothing on disk.

export type RunningRedis = { url: string; stop: () => Promise<void> };

export async function startRedis(): Promise<RunningRedis> {
  const port = await freePort();
  const child = spawn(
    process.env.REDIS_SERVER_PATH ?? "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.once("error", (error) =>
      reject(
        new Error(
          `redis-server did not start (${error.message}): apt-get install redis-server, or set REDIS_SERVER_PATH`,
        ),
      ),
    );
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code})`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.includes("Ready to accept connections")) resolve();
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
