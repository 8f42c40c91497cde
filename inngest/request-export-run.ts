import "server-only";
import { backfillDue, exportDue, type BackfillDueData, type ExportDueData } from "@/inngest/events";
import { inngest } from "@/inngest/client";
import { inngestConfigured } from "@/inngest/configured";

/**
 * Asks the jobs system to handle a queued run now. With Inngest configured the event goes to
 * Inngest; on the local default (no Inngest) the queued run row is the request, which the
 * local runner picks up. The run row is written first either way, so nothing is lost if the
 * send fails: the scheduler also finds queued runs.
 */
export async function requestExportRun(data: ExportDueData): Promise<"sent" | "queued"> {
  if (!inngestConfigured()) return "queued";
  await inngest.send(exportDue.create(data, { id: `run-${data.runId}` }));
  return "sent";
}

/** Asks the jobs system to start a backfill now; the scheduler would find it on its next tick too. */
export async function requestBackfill(data: BackfillDueData): Promise<"sent" | "queued"> {
  if (!inngestConfigured()) return "queued";
  await inngest.send(backfillDue.create(data, { id: `backfill-${data.backfillId}` }));
  return "sent";
}
