import "server-only";
import { type IngestProject, storeEvents, StoreRefused, type StoreResult } from "@/lib/ingest/store-events";
import type { EventRateLimiter } from "@/lib/ingest/throttle";
import type { IncomingEvent } from "@/lib/ingest/validate";

/**
 * Stores `events` if the rate limits admit them, else throws StoreRefused. PostgreSQL's buckets
 * are taken inside the store's own transaction, so a refusal (or a failed store) rolls back
 * whole; Redis's are taken before it, so that no database connection waits on Redis.
 */
export async function storeWithinLimits(
  limiter: EventRateLimiter,
  project: IngestProject,
  events: IncomingEvent[],
  context: Omit<Parameters<typeof storeEvents>[2], "admit">,
): Promise<StoreResult> {
  if (limiter.inTransaction)
    return storeEvents(project, events, {
      ...context,
      admit: (client) => limiter.take(project.id, events, client),
    });
  const verdict = await limiter.take(project.id, events);
  if (!verdict.ok) throw new StoreRefused(verdict);
  return storeEvents(project, events, context);
}
