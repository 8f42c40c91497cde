import "server-only";
import { db } from "@/lib/db/prisma";
import { env } from "@/lib/env";
import { answers, type IngestAnswer } from "@/lib/ingest/answers";
import { MAX_BODY_BYTES, type IngestEndpoint } from "@/lib/ingest/limits";
import { storeEvents } from "@/lib/ingest/store-events";
import { EventRateLimiter } from "@/lib/ingest/throttle";
import { isAnswer, parseRequestBody } from "@/lib/ingest/validate";

class TooLarge extends Error {}

/** Reads the body, stopping as soon as it passes `limit` bytes: size is checked before anything else. */
async function readLimited(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw new TooLarge();
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new TooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const limiters: Partial<Record<IngestEndpoint, EventRateLimiter>> = {};
function limiterFor(endpoint: IngestEndpoint): EventRateLimiter {
  return (limiters[endpoint] ??= new EventRateLimiter(
    endpoint === "batch" ? env().INGEST_BATCH_EPS : env().INGEST_HTTPAPI_EPS,
  ));
}

/**
 * One ingest request, start to answer: size, body, API key, events, rate limits, then storage.
 * A rejected request stores nothing; a 200 is sent only once the events are committed.
 */
export async function handleIngest(
  request: Request,
  endpoint: IngestEndpoint,
  requestIp: string | null,
): Promise<IngestAnswer> {
  const receivedAt = new Date();
  let body: Buffer;
  try {
    body = await readLimited(request, MAX_BODY_BYTES[endpoint]);
  } catch (error) {
    if (error instanceof TooLarge) return answers.tooLarge();
    return answers.missingBody();
  }
  const parsed = parseRequestBody(body.toString("utf8"));
  if (isAnswer(parsed)) return parsed;
  const project = await db.project.findUnique({
    where: { apiKey: parsed.apiKey },
    select: { id: true, appId: true },
  });
  if (!project) return answers.invalidApiKey();
  const limiter = limiterFor(endpoint);
  const verdict = limiter.take(project.id, parsed.events);
  if (!verdict.ok) return answers.throttled(limiter.epsPerId, verdict.devices, verdict.users, verdict.events);
  await storeEvents(project, parsed.events, { receivedAt, requestIp });
  return answers.ok(parsed.events.length, body.length, Date.now());
}
