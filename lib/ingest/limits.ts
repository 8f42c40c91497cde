// The ingest API's documented limits: https://amplitude.com/docs/apis/analytics/http-v2 and
// https://amplitude.com/docs/apis/analytics/batch-event-upload

// The Identify and Group Identify APIs document no size: they get /2/httpapi's.
export const MAX_BODY_BYTES = {
  httpapi: 1024 * 1024,
  batch: 20 * 1024 * 1024,
  identify: 1024 * 1024,
  groupidentify: 1024 * 1024,
} as const;
/** What a Vercel function accepts as a request body (https://vercel.com/docs/functions/limitations). */
export const VERCEL_MAX_BODY_BYTES = 4_500_000;
export const MAX_EVENTS_PER_REQUEST = 2000;
export const MAX_STRING_LENGTH = 1024;
/**
 * One event's JSON, at most: what /2/httpapi accepts as a whole request. A larger event is
 * refused (413), so no single value can outgrow what a Databricks column holds.
 */
export const MAX_EVENT_BYTES = 1024 * 1024;
/** The latest `time` a timestamp column stores as written: 9999-12-31T23:59:59.999Z. */
export const MAX_EVENT_TIME_MS = 253_402_300_799_999;
/**
 * How deep a request body's JSON may nest (the envelope counts: an event's properties start
 * at depth 4). Checked on the bytes as they arrive, before any parsing.
 */
export const MAX_JSON_DEPTH = 32;
/** How long a request body may take to arrive: a slow sender holds no budget for longer. */
export const BODY_READ_DEADLINE_MS = 60_000;
/**
 * Above this size a body must show its api_key plainly (a top-level string without escapes)
 * for it to be parsed: parsing costs many times a body's size, and SDKs always send it so.
 */
export const PLAIN_KEY_REQUIRED_ABOVE_BYTES = 64 * 1024;
/** Seconds a client is told to wait (Retry-After) when the process holds too many bytes. */
export const BUSY_RETRY_AFTER_SECONDS = 1;
export const DEFAULT_MIN_ID_LENGTH = 5;
export const DEDUPE_WINDOW_DAYS = 7;

/** Ids that identify nobody; an event with one of them is invalid. Compared case-insensitively. */
export const DENIED_IDS = new Set([
  "anonymous",
  "nil",
  "none",
  "null",
  "n/a",
  "na",
  "undefined",
  "unknown",
  "",
  "0",
  "-1",
  "{}",
  "00000000-0000-0000-0000-000000000000",
  "lmy47d",
]);

export type IngestEndpoint = keyof typeof MAX_BODY_BYTES;
