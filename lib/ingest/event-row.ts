// Computes every column of the event table (reference: Amplitude events §3) for one event.
import { randomUUID } from "node:crypto";
import type { IncomingEvent } from "@/lib/ingest/validate";

type Json = Record<string, unknown>;

const text = (value: unknown) => (typeof value === "string" ? value : null);
const number = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);
const integer = (value: unknown) =>
  typeof value === "number" && Number.isSafeInteger(value) ? String(value) : null;
const object = (value: unknown) =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};

// Fields of the HTTP API without a column of their own: kept in `data`, as Amplitude does.
const DATA_FIELDS = [
  "price",
  "quantity",
  "revenue",
  "productId",
  "revenueType",
  "idfa",
  "idfv",
  "adid",
  "android_id",
  "user_agent",
  "device_brand",
  "device_manufacturer",
  "device_model",
];

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
  const received = context.receivedAt.getTime();
  // The HTTP API has no client upload time: the upload is the request, received now.
  const clientUpload = received;
  const clientEvent = event.time ?? received;
  const eventTime = clientEvent + (received - clientUpload);
  const data: Json = {};
  for (const field of DATA_FIELDS)
    if (raw[field] !== undefined && raw[field] !== null) data[field] = raw[field];
  const ip = text(raw.ip);
  return {
    uuid: randomUUID(),
    project_id: context.projectId,
    event_time: new Date(eventTime).toISOString(),
    event_type: event.eventType,
    user_id: event.userId,
    device_id: event.deviceId,
    amplitude_id: String(amplitudeId),
    event_properties: object(raw.event_properties),
    user_properties: object(raw.user_properties),
    groups: object(raw.groups),
    group_properties: object(raw.group_properties),
    data,
    server_received_time: context.receivedAt.toISOString(),
    server_upload_time: context.storedAt.toISOString(),
    client_event_time: new Date(clientEvent).toISOString(),
    client_upload_time: new Date(clientUpload).toISOString(),
    processed_time: context.storedAt.toISOString(),
    session_id: integer(raw.session_id),
    event_id: integer(raw.event_id),
    app: String(context.app),
    insert_id: event.insertId,
    version_name: text(raw.app_version),
    start_version: text(raw.start_version),
    platform: text(raw.platform),
    os_name: text(raw.os_name),
    os_version: text(raw.os_version),
    device_family: text(raw.device_brand) ?? text(raw.device_manufacturer),
    device_type: text(raw.device_model),
    device_carrier: text(raw.carrier),
    country: text(raw.country),
    region: text(raw.region),
    city: text(raw.city),
    dma: text(raw.dma),
    language: text(raw.language),
    // "$remote" asks for the address the request came from.
    ip_address: ip === "$remote" ? context.requestIp : ip,
    location_lat: number(raw.location_lat),
    location_lng: number(raw.location_lng),
    library: text(raw.library),
    paying: text(raw.paying),
    sample_rate: integer(raw.sample_rate),
    amplitude_attribution_ids: Array.isArray(raw.amplitude_attribution_ids)
      ? raw.amplitude_attribution_ids
      : [],
  };
}

export const EVENT_COLUMNS = [
  "uuid",
  "project_id",
  "event_time",
  "event_type",
  "user_id",
  "device_id",
  "amplitude_id",
  "event_properties",
  "user_properties",
  "groups",
  "group_properties",
  "data",
  "server_received_time",
  "server_upload_time",
  "client_event_time",
  "client_upload_time",
  "processed_time",
  "session_id",
  "event_id",
  "app",
  "insert_id",
  "version_name",
  "start_version",
  "platform",
  "os_name",
  "os_version",
  "device_family",
  "device_type",
  "device_carrier",
  "country",
  "region",
  "city",
  "dma",
  "language",
  "ip_address",
  "location_lat",
  "location_lng",
  "library",
  "paying",
  "sample_rate",
  "amplitude_attribution_ids",
] as const;
