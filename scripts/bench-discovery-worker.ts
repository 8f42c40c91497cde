// The catalog's discovery during `BENCH_DISCOVERY=1 npm run bench:ingest`, as production runs it:
// its own process (Inngest's function, or the local runner) against the same database, a pass
// every second. Prints "ready" after its first pass, and on SIGTERM (after the pass under way)
// a JSON line with its passes and the events they read.
import { startDiscoveryLoop } from "../lib/catalog/discovery-loop.ts";

let passes = 0;
let events = 0;
let ready = false;
const loop = startDiscoveryLoop({
  intervalMs: Number(process.env.DISCOVERY_INTERVAL_MS ?? 1000),
  onPass: (pass) => {
    passes++;
    events += pass.events;
    if (!ready) {
      ready = true;
      console.log("ready");
    }
  },
});
process.on("SIGTERM", async () => {
  await loop.stop();
  console.log(JSON.stringify({ passes, events }));
  process.exit(0);
});
