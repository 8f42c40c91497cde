// The event table, described once. PostgreSQL's `events` table (prisma/schema.prisma), the
// ingest insert, the Databricks table's DDL, the staging query, the COPY INTO select and the
// missing-column check are all derived from this list, and so is which HTTP API field fills
// which column. A test checks the migrated table against it.
//
// The columns are those of an event in Amplitude's Export API ("Response schema"),
// https://amplitude.com/docs/apis/analytics/export, filled from the fields of the HTTP V2 API,
// https://amplitude.com/docs/apis/analytics/http-v2 (`$insert_id` is named `insert_id` here).

/** How a column's values are typed; each kind maps to one PostgreSQL and one Databricks type. */
export type ColumnKind = "string" | "uuid" | "timestamp" | "bigint" | "double" | "json" | "string-array";

export type EventColumn = {
  name: string;
  kind: ColumnKind;
  nullable: boolean;
  /**
   * The HTTP API fields the column is read from, the first present one wins. A column without
   * one is computed at ingest (lib/ingest/event-row.ts). Ids and the event type are also
   * re-read from the validated event (too-short ids are dropped there).
   */
  from?: readonly string[];
  /** Kept in PostgreSQL only (the tenant), not exported. */
  internal?: true;
};

const column = (
  name: string,
  kind: ColumnKind,
  nullable: boolean,
  from?: readonly string[],
): EventColumn => ({
  name,
  kind,
  nullable,
  ...(from ? { from } : {}),
});
/** A nullable column filled from the API field of the same name. */
const field = (name: string, kind: ColumnKind) => column(name, kind, true, [name]);

export const EVENT_COLUMNS: readonly EventColumn[] = [
  { name: "project_id", kind: "string", nullable: false, internal: true },
  column("uuid", "uuid", false),
  column("event_time", "timestamp", false),
  column("event_type", "string", false, ["event_type"]),
  field("user_id", "string"),
  field("device_id", "string"),
  column("amplitude_id", "bigint", false),
  column("event_properties", "json", false, ["event_properties"]),
  column("user_properties", "json", false, ["user_properties"]),
  column("groups", "json", false, ["groups"]),
  column("group_properties", "json", false, ["group_properties"]),
  // The API fields without a column of their own (API_DATA_FIELDS), as Amplitude keeps them.
  column("data", "json", false),
  column("server_received_time", "timestamp", false),
  column("server_upload_time", "timestamp", false),
  column("client_event_time", "timestamp", false),
  column("client_upload_time", "timestamp", false),
  column("processed_time", "timestamp", false),
  field("session_id", "bigint"),
  field("event_id", "bigint"),
  // The project's numeric app id.
  column("app", "bigint", false),
  field("insert_id", "string"),
  column("version_name", "string", true, ["app_version"]),
  field("start_version", "string"),
  field("platform", "string"),
  field("os_name", "string"),
  field("os_version", "string"),
  column("device_family", "string", true, ["device_brand", "device_manufacturer"]),
  column("device_type", "string", true, ["device_model"]),
  column("device_carrier", "string", true, ["carrier"]),
  field("country", "string"),
  field("region", "string"),
  field("city", "string"),
  field("dma", "string"),
  field("language", "string"),
  // "$remote" asks for the address the request came from (resolved at ingest).
  column("ip_address", "string", true, ["ip"]),
  field("location_lat", "double"),
  field("location_lng", "double"),
  field("library", "string"),
  field("paying", "string"),
  field("sample_rate", "bigint"),
  field("amplitude_attribution_ids", "string-array"),
];

/** The columns of the Databricks table, in order. */
export const EXPORTED_COLUMNS = EVENT_COLUMNS.filter((c) => !c.internal);

/** How an API field's value is validated. */
export type ApiFieldKind = "string" | "number" | "integer" | "object" | "string-array";

/** HTTP API fields without a column: stored in `data`. Devices ids and revenue fields among them. */
export const API_DATA_FIELDS: Readonly<Record<string, ApiFieldKind>> = {
  price: "number",
  quantity: "number",
  revenue: "number",
  productId: "string",
  revenueType: "string",
  idfa: "string",
  idfv: "string",
  adid: "string",
  android_id: "string",
  user_agent: "string",
  device_brand: "string",
  device_manufacturer: "string",
  device_model: "string",
};

const API_KIND: Record<ColumnKind, ApiFieldKind> = {
  string: "string",
  uuid: "string",
  timestamp: "integer",
  bigint: "integer",
  double: "number",
  json: "object",
  "string-array": "string-array",
};

/**
 * Every HTTP API field the validator checks, with its kind: the fields that fill columns (of
 * their column's kind) and the `data` fields. `time` is not here: it has rules of its own.
 */
export const API_FIELD_KINDS: ReadonlyMap<string, ApiFieldKind> = new Map([
  ...EVENT_COLUMNS.flatMap((c) => (c.from ?? []).map((name) => [name, API_KIND[c.kind]] as const)),
  ...Object.entries(API_DATA_FIELDS),
]);

/** The column's type in PostgreSQL, as information_schema names it. */
export const POSTGRES_TYPE: Record<ColumnKind, string> = {
  string: "text",
  uuid: "uuid",
  timestamp: "timestamp with time zone",
  bigint: "bigint",
  double: "double precision",
  json: "jsonb",
  "string-array": "ARRAY",
};

/** JSON columns are STRING or VARIANT, as each destination chose. */
export type JsonColumnType = "STRING" | "VARIANT";

/** The column's type in the Databricks table. */
export function databricksType(c: EventColumn, json: JsonColumnType): string {
  switch (c.kind) {
    case "string":
    case "uuid":
      return "STRING";
    case "timestamp":
      return "TIMESTAMP";
    case "bigint":
      return "BIGINT";
    case "double":
      return "DOUBLE";
    case "json":
      return json;
    case "string-array":
      return "ARRAY<STRING>";
  }
}
