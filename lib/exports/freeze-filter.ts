import "server-only";
import { CustomEventDefinition } from "@/lib/catalog/custom-event-definition";
import { AppError } from "@/lib/errors";
import { EventFilter } from "@/lib/exports/event-filter";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * The filter a run freezes when it is planned: the destination's, with the custom event it
 * selects expanded to that custom event's name and definition as they are now (a live custom
 * event of the destination's project). Every attempt of the run then stages the same rows,
 * whatever is edited later. Throws when the custom event was deleted meanwhile: the run cannot
 * know which events to deliver.
 */
export async function freezeFilter(
  tx: Prisma.TransactionClient,
  projectId: string,
  stored: unknown,
): Promise<EventFilter> {
  const filter = EventFilter.parse(stored ?? {});
  if (!filter.customEvent) return filter;
  const { id } = filter.customEvent;
  const customEvent = await tx.customEvent.findFirst({
    where: { id, projectId, deletedAt: null },
    select: { name: true, definition: true },
  });
  if (!customEvent)
    throw new AppError(
      "NOT_FOUND",
      `The custom event this destination's filter selects (${id}) was deleted: choose another filter for the destination.`,
    );
  const definition = CustomEventDefinition.parse(customEvent.definition);
  return { ...filter, customEvent: { id, name: customEvent.name, definition } };
}
