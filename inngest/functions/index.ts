import { backfillDestinationFunction } from "@/inngest/functions/backfill-destination";
import { exportDestinationFunction } from "@/inngest/functions/export-destination";
import { scheduleExports } from "@/inngest/functions/schedule-exports";

export const functions = [scheduleExports, exportDestinationFunction, backfillDestinationFunction];
