import { eventType } from "inngest";
import { z } from "zod";

// Every job event, declared once with its payload schema. Functions trigger on these, and
// everything that sends one creates it here, so a payload is checked on both sides.
// https://www.inngest.com/docs/reference/typescript/v4/functions/triggers (`eventType`)

/** Asks for one export run of a destination; `runId` names a queued run (Run now). */
export const exportDue = eventType("destination/export.due", {
  schema: z.object({
    destinationId: z.string().min(1),
    runId: z.string().min(1).optional(),
  }),
});
export type ExportDueData = z.infer<typeof exportDue.schema>;

/** Asks for a running backfill's next chunks. */
export const backfillDue = eventType("destination/backfill.due", {
  schema: z.object({ destinationId: z.string().min(1), backfillId: z.string().min(1) }),
});
export type BackfillDueData = z.infer<typeof backfillDue.schema>;
