import { ingestRoute } from "@/lib/ingest/http";

// Amplitude's Batch Event Upload API: larger bodies (20 MB) and higher per-device rates.
export const dynamic = "force-dynamic";
export const { POST, OPTIONS } = ingestRoute("batch");
