// Amplitude's Identify API and Group Identify API: form parameters `api_key` and
// `identification`, a JSON object or array of them, in a form-urlencoded or multipart body, or
// in the query string of a GET (https://amplitude.com/docs/apis/analytics/identify,
// https://amplitude.com/docs/apis/analytics/group-identify).
// - An identification updates a user (user_properties with any operation, groups, device
//   fields) and, with both ids, ties the device to the user, as a $identify event would; it is
//   not an event, and no row is exported for it ("Updates don't appear in Redshift because
//   they don't count as events").
// - A group identification ({group_type, group_value, group_properties}) updates one group's
//   properties, which later events of the group's members carry.
import { answers, type IngestAnswer } from "@/lib/ingest/answers";
import { BodyPrescan } from "@/lib/ingest/body-prescan";
import { MAX_EVENTS_PER_REQUEST, MAX_JSON_DEPTH } from "@/lib/ingest/limits";
import type { Properties } from "@/lib/ingest/property-operations";
import { badString, hasBadString } from "@/lib/ingest/validate";

export type IdentifyForm = { apiKey: string; identifications: unknown[] };
export type GroupUpdate = { type: string; name: string; update: Properties };

const isObject = (value: unknown): value is Properties =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The form's two parameters, from a GET's query string or a POST's form body. */
export async function readIdentifyForm(
  request: Request,
  body: string | null,
): Promise<IdentifyForm | IngestAnswer> {
  let fields: URLSearchParams | FormData;
  const type = request.headers.get("content-type") ?? "";
  if (body === null) fields = new URL(request.url).searchParams;
  else if (/^multipart\/form-data/i.test(type)) {
    try {
      fields = await new Response(body, { headers: { "content-type": type } }).formData();
    } catch {
      return answers.missingField("api_key");
    }
  } else fields = new URLSearchParams(body);
  const apiKey = fields.get("api_key");
  const identification = fields.get("identification");
  if (typeof apiKey !== "string" || !apiKey) return answers.missingField("api_key");
  if (typeof identification !== "string" || !identification) return answers.missingField("identification");
  // The JSON inside the form is held to the same depth as a JSON body, before it is parsed.
  if (!new BodyPrescan(MAX_JSON_DEPTH).scan(Buffer.from(identification)))
    return answers.tooDeep(MAX_JSON_DEPTH);
  let parsed: unknown;
  try {
    parsed = JSON.parse(identification);
  } catch {
    return answers.invalidJson();
  }
  const identifications = Array.isArray(parsed) ? parsed : [parsed];
  if (identifications.length === 0) return answers.missingField("identification");
  if (identifications.length > MAX_EVENTS_PER_REQUEST) return answers.tooLarge();
  return { apiKey, identifications };
}

/** Identifications as the $identify events the HTTP API validates and applies. */
export const identifyEvents = (identifications: unknown[]): unknown[] =>
  identifications.map((identification) =>
    isObject(identification) ? { ...identification, event_type: "$identify" } : identification,
  );

/** A group type or name: a non-empty string any column may hold. */
const groupText = (value: unknown) => typeof value === "string" && value.length > 0 && !badString(value);

/** Group identifications as updates, or the indexes of the invalid ones (Amplitude's 400 shape). */
export function groupUpdates(identifications: unknown[]): GroupUpdate[] | IngestAnswer {
  const invalid: Record<string, number[]> = {};
  const missing: Record<string, number[]> = {};
  const flag = (into: Record<string, number[]>, field: string, index: number) =>
    (into[field] ??= []).push(index);
  const updates: GroupUpdate[] = [];
  identifications.forEach((identification, index) => {
    if (!isObject(identification)) return flag(missing, "group_type", index);
    const { group_type: type, group_value: name, group_properties: update } = identification;
    if (type === undefined || type === null) flag(missing, "group_type", index);
    else if (!groupText(type)) flag(invalid, "group_type", index);
    if (name === undefined || name === null) flag(missing, "group_value", index);
    else if (!groupText(name)) flag(invalid, "group_value", index);
    if (update !== undefined && !isObject(update)) flag(invalid, "group_properties", index);
    else if (update !== undefined && hasBadString(update)) flag(invalid, "group_properties", index);
    if (groupText(type) && groupText(name) && (update === undefined || isObject(update)))
      updates.push({ type: type as string, name: name as string, update: (update as Properties) ?? {} });
  });
  if (Object.keys(invalid).length || Object.keys(missing).length)
    return answers.invalidEvents(invalid, missing);
  return updates;
}
