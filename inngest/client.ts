import { Inngest } from "inngest";

/** The jobs client: Inngest Cloud in production, an Inngest dev server with INNGEST_DEV=1. */
export const inngest = new Inngest({ id: "deltaport" });

/** The event that asks for one export run of a destination. */
export const EXPORT_DUE = "destination/export.due";
export type ExportDueData = { destinationId: string; runId?: string };
