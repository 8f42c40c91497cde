import "server-only";
import { discoverAll } from "@/lib/catalog/discovery";

// Where Inngest does not run discovery (the local runner, the ingest benchmark): a pass of
// discoverAll every `intervalMs`, one pass at a time, as the Inngest cron function does each minute.

export type DiscoveryLoop = { stop: () => Promise<void> };

/** Starts the passes (the first at once); `stop` waits for the pass under way. */
export function startDiscoveryLoop({
  intervalMs,
  log = (line) => console.log(`[catalog] ${line}`),
  onPass,
}: {
  intervalMs: number;
  log?: (line: string) => void;
  onPass?: (pass: { projects: number; events: number }) => void;
}): DiscoveryLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const loop = () => {
    running = discoverAll()
      .then((pass) => onPass?.(pass))
      .catch((error: unknown) =>
        log(
          `discovery pass failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
        ),
      )
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
