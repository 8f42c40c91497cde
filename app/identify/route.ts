import { ingestRoute } from "@/lib/ingest/http";

// Amplitude's Identify API: user properties and device-to-user ties, without an event.
export const dynamic = "force-dynamic";
export const { POST, GET, OPTIONS } = ingestRoute("identify");
