import "server-only";
import { discoverAll } from "@/lib/catalog/discovery";
import { errorFields, log } from "@/lib/log";

// Where Inngest does not run discovery (the local runner, the ingest benchmark): a pass of
// discoverAll every `intervalMs`, one pass at a time, as the Inngest cron function does each minute.

export type DiscoveryLoop = { stop: () => Promise<void> };

/** Starts the passes (the first at once); `stop` waits for the pass under way. */
export function startDiscoveryLoop({
  intervalMs,
  onPass,
}: {
  intervalMs: number;
  onPass?: (pass: { projects: number; events: number }) => void;
}): DiscoveryLoop {
  const logger = log().child({ loop: "catalog-discovery" });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const loop = () => {
    running = discoverAll()
      .then((pass) => onPass?.(pass))
      .catch((error: unknown) => logger.error(errorFields(error), "discovery pass failed"))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, intervalMs);
      });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
