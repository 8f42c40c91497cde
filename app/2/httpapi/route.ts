import { ingestRoute } from "@/lib/ingest/http";

// Amplitude's HTTP V2 API: official SDKs send here when their server URL names this portal.
export const dynamic = "force-dynamic";
export const { POST, OPTIONS } = ingestRoute("httpapi");
