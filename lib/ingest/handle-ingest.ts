import "server-only";
import { db } from "@/lib/db/prisma";
import { env } from "@/lib/env";
import { answers, type IngestAnswer } from "@/lib/ingest/answers";
import { ByteBudget } from "@/lib/ingest/bytes-in-flight";
import {
  MAX_BODY_BYTES,
  PLAIN_KEY_REQUIRED_ABOVE_BYTES,
  VERCEL_MAX_BODY_BYTES,
  type IngestEndpoint,
} from "@/lib/ingest/limits";
import { readIngestBody } from "@/lib/ingest/read-body";
import { StoreRefused } from "@/lib/ingest/store-events";
import { storeWithinLimits } from "@/lib/ingest/store-within-limits";
import { RedisEventRateLimiter } from "@/lib/ingest/redis-throttle";
import { type EventRateLimiter, SharedEventRateLimiter } from "@/lib/ingest/throttle";
import { isAnswer, parseRequestBody } from "@/lib/ingest/validate";

/**
 * The largest body `endpoint` accepts: Amplitude's documented size, except /batch where the
 * platform caps it (INGEST_BATCH_MAX_BYTES; on Vercel, what its functions accept).
 */
export function maxBodyBytes(endpoint: IngestEndpoint): number {
  if (endpoint !== "batch") return MAX_BODY_BYTES[endpoint];
  const { INGEST_BATCH_MAX_BYTES, VERCEL_ENV } = env();
  return INGEST_BATCH_MAX_BYTES ?? (VERCEL_ENV ? VERCEL_MAX_BODY_BYTES : MAX_BODY_BYTES.batch);
}

let budget: ByteBudget | undefined;
/** The process's ingest byte budget (INGEST_MAX_BYTES_IN_FLIGHT). */
export function ingestByteBudget(): ByteBudget {
  return (budget ??= new ByteBudget(env().INGEST_MAX_BYTES_IN_FLIGHT));
}

/** The live project an API key routes to; a deleted project's key is refused like an unknown one. */
export const projectByKey = (apiKey: string) =>
  db.project.findUnique({ where: { apiKey, deletedAt: null }, select: { id: true, appId: true } });

const limiters: Partial<Record<IngestEndpoint, EventRateLimiter>> = {};
/**
 * Per-device and per-user limits: /batch's rate, or /2/httpapi's (which the Identify API
 * shares), kept in Redis when REDIS_URL is set, else in PostgreSQL.
 */
export function limiterFor(endpoint: IngestEndpoint): EventRateLimiter {
  const { REDIS_URL, INGEST_BATCH_EPS, INGEST_HTTPAPI_EPS } = env();
  const eps = endpoint === "batch" ? INGEST_BATCH_EPS : INGEST_HTTPAPI_EPS;
  return (limiters[endpoint] ??= REDIS_URL
    ? new RedisEventRateLimiter(endpoint, eps)
    : new SharedEventRateLimiter(endpoint, eps));
}

/**
 * One ingest request, start to answer: size, budget and depth while reading, then the body,
 * API key, events, rate limits, and storage.
 * A rejected request stores nothing; a 200 is sent only once the events are committed.
 */
export async function handleIngest(
  request: Request,
  endpoint: IngestEndpoint,
  requestIp: string | null,
): Promise<IngestAnswer> {
  const receivedAt = new Date();
  const body = await readIngestBody(request, maxBodyBytes(endpoint), ingestByteBudget());
  if ("status" in body) return body;
  try {
    // A key the bytes show is checked before the body is parsed: parsing a large body costs
    // the process many times its size, and an unknown sender gets nothing of that.
    if (body.apiKey === undefined && body.bytes > PLAIN_KEY_REQUIRED_ABOVE_BYTES)
      return answers.missingField("api_key");
    let project = body.apiKey === undefined ? null : await projectByKey(body.apiKey);
    if (body.apiKey !== undefined && !project) return answers.invalidApiKey();
    const parsed = parseRequestBody(body.text);
    if (isAnswer(parsed)) return parsed;
    if (parsed.apiKey !== body.apiKey) project = await projectByKey(parsed.apiKey);
    if (!project) return answers.invalidApiKey();
    const limiter = limiterFor(endpoint);
    try {
      await storeWithinLimits(limiter, project, parsed.events, { receivedAt, requestIp });
    } catch (error) {
      if (!(error instanceof StoreRefused)) throw error;
      const { devices, users, events } = error.verdict;
      return answers.throttled(limiter.epsPerId, devices, users, events);
    }
    return answers.ok(parsed.events.length, body.bytes, Date.now());
  } finally {
    body.release();
  }
}
