import { ingestRoute } from "@/lib/ingest/http";

// Amplitude's Group Identify API: group properties, without an event.
export const dynamic = "force-dynamic";
export const { POST, GET, OPTIONS } = ingestRoute("groupidentify");
