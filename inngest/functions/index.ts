import { backfillDestinationFunction } from "@/inngest/functions/backfill-destination";
import { discoverCatalog } from "@/inngest/functions/discover-catalog";
import { exportDestinationFunction } from "@/inngest/functions/export-destination";
import { scheduleExports } from "@/inngest/functions/schedule-exports";

export const functions = [
  scheduleExports,
  exportDestinationFunction,
  backfillDestinationFunction,
  discoverCatalog,
];
