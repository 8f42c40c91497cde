// `npm run dev` starts this beside Next when no Inngest server is configured: the export
// scheduler and runs, in one process, every 5 seconds (so a Run now is handled at once), and at
// the same interval the event catalog's discovery (Inngest's discover-catalog function elsewhere).
import { createLocalRunner } from "../inngest/local-runner.ts";
import { startDiscoveryLoop } from "../lib/catalog/discovery-loop.ts";

const intervalMs = Number(process.env.EXPORT_TICK_MS ?? 5000);
const runner = createLocalRunner({ intervalMs });
runner.start();
const discovery = startDiscoveryLoop({ intervalMs });
console.log("• Export runner started (local; Inngest is not configured)");
const stop = async () => {
  await Promise.all([runner.stop(), discovery.stop()]);
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
if (process.env.EXIT_WITH_PARENT === "1") {
  process.stdin.on("end", stop);
  process.stdin.resume();
}
