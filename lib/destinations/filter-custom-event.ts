import "server-only";
import { AppError } from "@/lib/errors";
import { storedFilter, type EventFilter } from "@/lib/exports/event-filter";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * The filter as a destination stores it (the custom event by its id only), once the custom
 * event it selects is found to be a live one of the destination's project. Its row stays
 * locked (FOR SHARE) until the caller's transaction commits, as deleting a custom event locks
 * it too (lib/catalog/custom-events.ts): a deletion waits, then sees this destination and is
 * refused, or went first and this save is refused.
 */
export async function selectableFilter(
  tx: Prisma.TransactionClient,
  projectId: string,
  filter: EventFilter,
): Promise<EventFilter> {
  if (filter.customEvent) {
    const [found] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM custom_events
      WHERE id = ${filter.customEvent.id} AND project_id = ${projectId} AND deleted_at IS NULL
      FOR SHARE`;
    if (!found)
      throw new AppError(
        "NOT_FOUND",
        "This custom event does not exist (any more): choose another one.",
        "filter.customEvent",
      );
  }
  return storedFilter(filter);
}
