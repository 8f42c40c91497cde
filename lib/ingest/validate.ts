// Validates an ingest request body and its events, per Amplitude's HTTP API: a request with any
// invalid event is rejected whole, with the indexes of the offending events per field.
import { API_FIELD_KINDS, type ApiFieldKind } from "@/lib/events/event-columns";
import { answers, type IngestAnswer } from "@/lib/ingest/answers";
import {
  DEFAULT_MIN_ID_LENGTH,
  DENIED_IDS,
  MAX_EVENT_BYTES,
  MAX_EVENT_TIME_MS,
  MAX_EVENTS_PER_REQUEST,
  MAX_STRING_LENGTH,
} from "@/lib/ingest/limits";

type Json = Record<string, unknown>;

/** An event as accepted: ids already checked (and too-short ones dropped). */
export type IncomingEvent = {
  index: number;
  eventType: string;
  userId: string | null;
  deviceId: string | null;
  /** Client event time (ms since epoch), if the event had `time`. */
  time: number | null;
  insertId: string | null;
  raw: Json;
};

export type ParsedRequest = { apiKey: string; events: IncomingEvent[] };

// Every field's kind comes from the column spec (fields that fill columns, and the `data` fields).
const fieldsOfKind = (kind: ApiFieldKind) =>
  [...API_FIELD_KINDS].filter(([, fieldKind]) => fieldKind === kind).map(([name]) => name);
const STRING_FIELDS = fieldsOfKind("string");
const NUMBER_FIELDS = fieldsOfKind("number");
const INTEGER_FIELDS = fieldsOfKind("integer");
const OBJECT_FIELDS = fieldsOfKind("object");
const USER_PROPERTY_OPERATIONS = new Set([
  "$set",
  "$setOnce",
  "$add",
  "$append",
  "$prepend",
  "$unset",
  "$preInsert",
  "$postInsert",
  "$remove",
  "$clearAll",
]);

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Whether PostgreSQL can store a string: text and jsonb refuse U+0000, and jsonb refuses a lone
 * UTF-16 surrogate ("\ud800" without its pair), which JSON.stringify writes as an escape.
 */
const storable = (text: string) => !text.includes("\u0000") && text.isWellFormed();

/** A string no column may hold: too long, or not storable. */
export const badString = (text: string) => text.length > MAX_STRING_LENGTH || !storable(text);

/** Whether any string inside a value (keys included, to the leaves) is one no column may hold. */
export function hasBadString(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return badString(value);
  if (depth > 20) return true;
  if (Array.isArray(value)) return value.some((item) => hasBadString(item, depth + 1));
  if (isObject(value))
    return Object.entries(value).some(([key, item]) => badString(key) || hasBadString(item, depth + 1));
  return false;
}

/** A JSON body's top level: api_key, events, options. Returns the documented error when it is wrong. */
export function parseRequestBody(text: string): ParsedRequest | IngestAnswer {
  if (text.trim() === "") return answers.missingBody();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return answers.invalidJson();
  }
  return validateRequest(body, Buffer.byteLength(text));
}

/**
 * A parsed request ({api_key, events, options}) and its events, as the HTTP API checks them;
 * `bodyBytes` is the size of the JSON it was parsed from.
 */
export function validateRequest(body: unknown, bodyBytes: number): ParsedRequest | IngestAnswer {
  if (!isObject(body)) return answers.invalidJson();
  if (typeof body.api_key !== "string" || body.api_key === "") return answers.missingField("api_key");
  if (!Array.isArray(body.events)) return answers.missingField("events");
  if (body.events.length === 0) return answers.missingField("events");
  if (body.events.length > MAX_EVENTS_PER_REQUEST) return answers.tooLarge();
  const options = isObject(body.options) ? body.options : {};
  const minIdLength =
    typeof options.min_id_length === "number" &&
    Number.isInteger(options.min_id_length) &&
    options.min_id_length >= 1
      ? options.min_id_length
      : DEFAULT_MIN_ID_LENGTH;

  const invalid: Record<string, number[]> = {};
  const missing: Record<string, number[]> = {};
  const shortIds: Record<string, number[]> = {};
  const flagged = new Set<number>();
  const flag = (into: Record<string, number[]>, field: string, index: number) => {
    const list = (into[field] ??= []);
    if (list.at(-1) !== index) list.push(index);
    flagged.add(index);
  };
  const events: IncomingEvent[] = [];

  // One event larger than a whole /2/httpapi request is refused, as Amplitude refuses a body
  // too large (its 413 shape). Only a body larger than that can hold one: the others (every
  // /2/httpapi request, most batches) are not serialized again.
  const mayHoldLargeEvent = bodyBytes > MAX_EVENT_BYTES;
  if (
    mayHoldLargeEvent &&
    body.events.some((raw: unknown) => Buffer.byteLength(JSON.stringify(raw) ?? "") > MAX_EVENT_BYTES)
  )
    return answers.tooLarge();

  body.events.forEach((raw: unknown, index: number) => {
    if (!isObject(raw)) {
      flag(missing, "event_type", index);
      return;
    }
    for (const field of STRING_FIELDS) {
      const value = raw[field];
      if (value === undefined || value === null) continue;
      if (typeof value !== "string" || badString(value)) flag(invalid, field, index);
    }
    for (const field of NUMBER_FIELDS) {
      const value = raw[field];
      if (value !== undefined && value !== null && (typeof value !== "number" || !Number.isFinite(value)))
        flag(invalid, field, index);
    }
    for (const field of INTEGER_FIELDS) {
      const value = raw[field];
      if (value !== undefined && value !== null && !Number.isSafeInteger(value)) flag(invalid, field, index);
    }
    for (const field of OBJECT_FIELDS) {
      const value = raw[field];
      if (value === undefined || value === null) continue;
      if (!isObject(value) || hasBadString(value)) flag(invalid, field, index);
    }
    if (
      raw.time !== undefined &&
      raw.time !== null &&
      !(
        Number.isSafeInteger(raw.time) &&
        (raw.time as number) >= 0 &&
        (raw.time as number) <= MAX_EVENT_TIME_MS
      )
    )
      flag(invalid, "time", index);
    if (
      raw.location_lat !== undefined &&
      typeof raw.location_lat === "number" &&
      Math.abs(raw.location_lat) > 90
    )
      flag(invalid, "location_lat", index);
    if (
      raw.location_lng !== undefined &&
      typeof raw.location_lng === "number" &&
      Math.abs(raw.location_lng) > 180
    )
      flag(invalid, "location_lng", index);
    if (
      Array.isArray(raw.amplitude_attribution_ids)
        ? raw.amplitude_attribution_ids.some((id) => typeof id !== "string" || badString(id))
        : raw.amplitude_attribution_ids !== undefined
    ) {
      flag(invalid, "amplitude_attribution_ids", index);
    }

    const eventType = typeof raw.event_type === "string" ? raw.event_type : "";
    if (!eventType) flag(missing, "event_type", index);
    if (isObject(raw.user_properties) && eventType !== "$identify" && eventType !== "$groupidentify") {
      if (Object.keys(raw.user_properties).some((key) => USER_PROPERTY_OPERATIONS.has(key)))
        flag(invalid, "user_properties", index);
    }

    // Deny-listed ids make the event invalid, and so do ids shorter than min_id_length, in
    // events_with_invalid_id_lengths, as Amplitude answers them and its SDKs read them
    // (amplitude/Amplitude-TypeScript#81: "Invalid id length for user_id or device_id").
    const id = (field: "user_id" | "device_id"): string | null => {
      const value = raw[field];
      if (typeof value !== "string") return null;
      if (DENIED_IDS.has(value.trim().toLowerCase())) {
        flag(invalid, field, index);
        return null;
      }
      if (value.length < minIdLength) {
        flag(shortIds, field, index);
        return null;
      }
      return value;
    };
    const userId = id("user_id");
    const deviceId = id("device_id");
    if (!userId && !deviceId && !flagged.has(index)) flag(missing, "user_id or device_id", index);

    if (!flagged.has(index)) {
      events.push({
        index,
        eventType,
        userId,
        deviceId,
        time: typeof raw.time === "number" ? raw.time : null,
        insertId: typeof raw.insert_id === "string" && raw.insert_id ? raw.insert_id : null,
        raw,
      });
    }
  });

  if (Object.keys(invalid).length || Object.keys(missing).length || Object.keys(shortIds).length)
    return answers.invalidEvents(invalid, missing, shortIds);
  return { apiKey: body.api_key, events };
}

export const isAnswer = (value: ParsedRequest | IngestAnswer): value is IngestAnswer => "status" in value;
