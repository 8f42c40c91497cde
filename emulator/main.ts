// `npm run emulator`: the emulator on its own, its state under .data/emulator/ (or
// EMULATOR_DATA_DIR), on the port it had last time (or EMULATOR_PORT, or a free one).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { startEmulator } from "./index.ts";

const dataDir = path.resolve(process.env.EMULATOR_DATA_DIR ?? ".data/emulator");
const factsFile = path.join(dataDir, "workspace.json");
const previousPort = existsSync(factsFile)
  ? Number(new URL((JSON.parse(readFileSync(factsFile, "utf8")) as { host: string }).host).port)
  : 0;

async function start() {
  const port = Number(process.env.EMULATOR_PORT || previousPort || 0);
  try {
    return await startEmulator({ dataDir, port, factsFile });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || process.env.EMULATOR_PORT) throw error;
    return startEmulator({ dataDir, port: 0, factsFile }); // last time's port is taken now
  }
}

const emulator = await start();
console.log(`Databricks emulator on ${emulator.facts.host}`);
console.log(`Workspace facts: ${factsFile}`);
const stop = async () => {
  await emulator.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
// Started by `npm run dev`: stop with the launcher, however it ends (its pipe to us closes).
if (process.env.EMULATOR_EXIT_WITH_PARENT === "1") {
  process.stdin.on("end", stop);
  process.stdin.resume();
}
