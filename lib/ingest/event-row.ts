// Computes every column of the event table (lib/events/event-columns.ts) for one event: the
// columns read from HTTP API fields by the spec's `from`, then those computed here.
import { randomUUID } from "node:crypto";
import { API_DATA_FIELDS, EVENT_COLUMNS, type ColumnKind } from "@/lib/events/event-columns";
import type { IncomingEvent } from "@/lib/ingest/validate";

type Json = Record<string, unknown>;

const text = (value: unknown) => (typeof value === "string" ? value : null);
const number = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);
const integer = (value: unknown) =>
  typeof value === "number" && Number.isSafeInteger(value) ? String(value) : null;
const object = (value: unknown) =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
const strings = (value: unknown) => (Array.isArray(value) ? value : []);

/** An API field's value as its column stores it (JSON-ready: bigints as strings). */
const READ: Record<ColumnKind, (value: unknown) => unknown> = {
  string: text,
  uuid: text,
  timestamp: text,
  bigint: integer,
  double: number,
  json: object,
  "string-array": strings,
};

const FROM_FIELDS = EVENT_COLUMNS.filter((c) => c.from);

export type EventRowContext = {
  projectId: string;
  app: bigint;
  receivedAt: Date;
  storedAt: Date;
  requestIp: string | null;
};

/** The row for `event` (JSON-ready: bigints as strings, times as ISO strings). */
export function eventRow(event: IncomingEvent, amplitudeId: bigint, context: EventRowContext): Json {
  const raw = event.raw;
  const row: Json = {};
  for (const c of FROM_FIELDS) {
    const present = c.from!.find((name) => raw[name] !== undefined && raw[name] !== null);
    row[c.name] = READ[c.kind](present === undefined ? undefined : raw[present]);
  }

  const received = context.receivedAt.getTime();
  // The HTTP API has no client upload time: the upload is the request, received now.
  const clientUpload = received;
  const clientEvent = event.time ?? received;
  const eventTime = clientEvent + (received - clientUpload);
  const data: Json = {};
  for (const name of Object.keys(API_DATA_FIELDS))
    if (raw[name] !== undefined && raw[name] !== null) data[name] = raw[name];

  return Object.assign(row, {
    uuid: randomUUID(),
    project_id: context.projectId,
    event_time: new Date(eventTime).toISOString(),
    // The validated values: too-short ids were dropped.
    event_type: event.eventType,
    user_id: event.userId,
    device_id: event.deviceId,
    insert_id: event.insertId,
    amplitude_id: String(amplitudeId),
    data,
    server_received_time: context.receivedAt.toISOString(),
    server_upload_time: context.storedAt.toISOString(),
    client_event_time: new Date(clientEvent).toISOString(),
    client_upload_time: new Date(clientUpload).toISOString(),
    processed_time: context.storedAt.toISOString(),
    app: String(context.app),
    // "$remote" asks for the address the request came from.
    ip_address: row.ip_address === "$remote" ? context.requestIp : row.ip_address,
  });
}
