import "server-only";
import { withTransaction } from "@/lib/db/pool";
import { answers, type IngestAnswer } from "@/lib/ingest/answers";
import { ingestByteBudget, limiterFor, projectByKey } from "@/lib/ingest/handle-ingest";
import { groupUpdates, identifyEvents, readIdentifyForm } from "@/lib/ingest/identify-api";
import { MAX_BODY_BYTES } from "@/lib/ingest/limits";
import { updateGroups } from "@/lib/ingest/property-state";
import { readIngestBody, type HeldBody } from "@/lib/ingest/read-body";
import { StoreRefused } from "@/lib/ingest/store-events";
import { storeWithinLimits } from "@/lib/ingest/store-within-limits";
import { isAnswer, validateRequest } from "@/lib/ingest/validate";

/**
 * One Identify API or Group Identify API request (identify-api.ts), start to answer: the same
 * limits on the body as the event routes, then the form, the key, and the updates, applied in
 * one transaction. Identifications are validated as the $identify events they stand for.
 */
export async function handleIdentify(
  request: Request,
  endpoint: "identify" | "groupidentify",
  requestIp: string | null,
): Promise<IngestAnswer> {
  const receivedAt = new Date();
  let body: HeldBody | null = null;
  if (request.method !== "GET") {
    const read = await readIngestBody(request, MAX_BODY_BYTES[endpoint], ingestByteBudget());
    if ("status" in read) return read;
    body = read;
  }
  try {
    const form = await readIdentifyForm(request, body?.text ?? null);
    if ("status" in form) return form;
    const bytes = body?.bytes ?? new URL(request.url).search.length;
    const project = await projectByKey(form.apiKey);
    if (!project) return answers.invalidApiKey();

    if (endpoint === "groupidentify") {
      const updates = groupUpdates(form.identifications);
      if ("status" in updates) return updates;
      await withTransaction((client) => updateGroups(client, project.id, updates));
      return answers.ok(updates.length, bytes, Date.now());
    }
    const parsed = validateRequest(
      { api_key: form.apiKey, events: identifyEvents(form.identifications) },
      bytes,
    );
    if (isAnswer(parsed)) return parsed;
    // The Identify API shares /2/httpapi's per-device and per-user limits.
    const limiter = limiterFor("httpapi");
    try {
      await storeWithinLimits(limiter, project, parsed.events, { receivedAt, requestIp, identifyOnly: true });
    } catch (error) {
      if (!(error instanceof StoreRefused)) throw error;
      const { devices, users, events } = error.verdict;
      return answers.throttled(limiter.epsPerId, devices, users, events);
    }
    return answers.ok(parsed.events.length, bytes, Date.now());
  } finally {
    body?.release();
  }
}
