import "server-only";
import type { PoolClient } from "pg";
import { lockKeys } from "@/lib/db/advisory-locks";
import { withTransaction } from "@/lib/db/pool";
import { DEDUPE_WINDOW_DAYS } from "@/lib/ingest/limits";
import { EVENT_COLUMNS } from "@/lib/events/event-columns";
import { eventRow, type EventRowContext } from "@/lib/ingest/event-row";
import { assignNewIds, resolveIdentities, type Resolution } from "@/lib/ingest/identity";
import { stampProperties } from "@/lib/ingest/property-state";
import type { ThrottleVerdict } from "@/lib/ingest/throttle";
import type { IncomingEvent } from "@/lib/ingest/validate";

export type StoreResult = { stored: number; duplicates: number };
export type IngestProject = { id: string; appId: bigint };

// Every statement takes its rows as one JSON parameter and works set-based: a batch costs a
// handful of round trips whatever its size.

const json = (value: unknown) =>
  JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? String(item) : item));
const dedupeScope = (event: IncomingEvent) => (event.deviceId ? `d:${event.deviceId}` : `u:${event.userId}`);
const dedupeKey = (scope: string, insertId: string) => `${scope}\u0000${insertId}`;
const EVENT_COLUMN_LIST = EVENT_COLUMNS.map((column) => `"${column.name}"`).join(", ");

async function rows<T extends object>(client: PoolClient, sql: string, ...params: unknown[]): Promise<T[]> {
  return (await client.query<T>(sql, params)).rows;
}

/** Locks every device and user of the batch (in one order, so concurrent batches cannot deadlock). */
async function lockPeople(client: PoolClient, projectId: string, events: IncomingEvent[]) {
  const keys = new Set<string>();
  for (const event of events) {
    if (event.deviceId) keys.add(`${projectId}|d|${event.deviceId}`);
    if (event.userId) keys.add(`${projectId}|u|${event.userId}`);
  }
  await lockKeys(client, keys);
}

/** The events not seen before: the first of a request wins, and earlier requests win within 7 days. */
async function dropDuplicates(
  client: PoolClient,
  projectId: string,
  events: IncomingEvent[],
  receivedAt: Date,
): Promise<IncomingEvent[]> {
  const seen = new Set<string>();
  const candidates = events.filter((event) => {
    if (!event.insertId) return true;
    const key = dedupeKey(dedupeScope(event), event.insertId);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const withInsertId = candidates.filter((event) => event.insertId);
  if (withInsertId.length === 0) return candidates;
  const fresh = await rows<{ scope: string; insert_id: string }>(
    client,
    `INSERT INTO event_insert_ids (project_id, scope, insert_id, received_at)
     SELECT $1, r.scope, r.insert_id, $2::timestamptz FROM json_to_recordset($3::json) AS r(scope text, insert_id text)
     ON CONFLICT (project_id, scope, insert_id) DO UPDATE SET received_at = EXCLUDED.received_at
       WHERE event_insert_ids.received_at < $2::timestamptz - interval '${DEDUPE_WINDOW_DAYS} days'
     RETURNING scope, insert_id`,
    projectId,
    receivedAt.toISOString(),
    JSON.stringify(withInsertId.map((event) => ({ scope: dedupeScope(event), insert_id: event.insertId }))),
  );
  const freshKeys = new Set(fresh.map((row) => dedupeKey(row.scope, row.insert_id)));
  return candidates.filter(
    (event) => !event.insertId || freshKeys.has(dedupeKey(dedupeScope(event), event.insertId)),
  );
}

/**
 * The batch's known devices and users, and which of those ids are a user's (never merged: see
 * identity.ts), in one round trip.
 * Every lookup is a LATERAL ... LIMIT 1, one index probe per key, whatever the planner's
 * statistics say: on tables that grew since their last ANALYZE (a new deployment's first
 * minutes) it otherwise hashed the project's whole identity tables for every batch.
 */
async function knownIdentities(
  client: PoolClient,
  projectId: string,
  deviceIds: string[],
  userIds: string[],
) {
  const found = await rows<{ kind: "d" | "u"; key: string; id: string; identified: boolean }>(
    client,
    `SELECT 'd' AS kind, k.key, d.amplitude_id::text AS id, u.amplitude_id IS NOT NULL AS identified
     FROM unnest($2::text[]) AS k(key)
     CROSS JOIN LATERAL (SELECT amplitude_id FROM device_identities
                         WHERE project_id = $1 AND device_id = k.key LIMIT 1) AS d
     LEFT JOIN LATERAL (SELECT amplitude_id FROM user_identities
                        WHERE project_id = $1 AND amplitude_id = d.amplitude_id LIMIT 1) AS u ON true
     UNION ALL
     SELECT 'u', k.key, u.amplitude_id::text, true
     FROM unnest($3::text[]) AS k(key)
     CROSS JOIN LATERAL (SELECT amplitude_id FROM user_identities
                         WHERE project_id = $1 AND user_id = k.key LIMIT 1) AS u`,
    projectId,
    deviceIds,
    userIds,
  );
  const devices = new Map<string, bigint>();
  const users = new Map<string, bigint>();
  const identified = new Set<bigint>();
  for (const row of found) {
    const id = BigInt(row.id);
    (row.kind === "d" ? devices : users).set(row.key, id);
    if (row.identified) identified.add(id);
  }
  return { devices, users, identified };
}

/** Resolves the batch's amplitude_ids, allocating new ids and saving what changed. */
async function resolveAndSaveIdentities(
  client: PoolClient,
  projectId: string,
  events: IncomingEvent[],
): Promise<Resolution> {
  const deviceIds = [...new Set(events.flatMap((event) => (event.deviceId ? [event.deviceId] : [])))];
  const userIds = [...new Set(events.flatMap((event) => (event.userId ? [event.userId] : [])))];
  const { devices, users, identified } = await knownIdentities(client, projectId, deviceIds, userIds);
  const resolution = resolveIdentities(events, devices, users, identified);
  if (resolution.newIds > 0) {
    const ids = await rows<{ id: string }>(
      client,
      `SELECT nextval('amplitude_id_seq')::text AS id FROM generate_series(1, $1::int)`,
      resolution.newIds,
    );
    assignNewIds(
      resolution,
      ids.map((row) => BigInt(row.id)),
    );
  }
  const save = async (table: string, column: string, changed: Set<string>, ids: Map<string, bigint>) => {
    if (changed.size === 0) return;
    await rows(
      client,
      `INSERT INTO ${table} (project_id, ${column}, amplitude_id)
       SELECT $1, r.key, r.id FROM json_to_recordset($2::json) AS r(key text, id bigint)
       ON CONFLICT (project_id, ${column}) DO UPDATE SET amplitude_id = EXCLUDED.amplitude_id`,
      projectId,
      json([...changed].map((key) => ({ key, id: ids.get(key) }))),
    );
  };
  await save("device_identities", "device_id", resolution.changedDevices, resolution.devices);
  await save("user_identities", "user_id", resolution.changedUsers, resolution.users);
  return resolution;
}

/**
 * Records the batch's merges in the ledger, and closes chains as they form: when an id that
 * others were merged into is itself merged, each of those ids is recorded against the new
 * canonical id too, so that the latest row per amplitude_id (by merge_server_time) is always
 * final and a warehouse resolves ids without recursion (Databricks has WITH RECURSIVE only from
 * Runtime 17). The caller holds the locks on every amplitude_id of the batch.
 */
async function recordMerges(
  client: PoolClient,
  events: IncomingEvent[],
  resolution: Resolution,
  context: EventRowContext,
) {
  if (resolution.merges.length === 0) return;
  const sources = [...new Set(resolution.merges.map((merge) => String(merge.amplitudeId)))];
  // The ids whose latest row points at a source: they follow it wherever it goes.
  const earlier = await rows<{ from: string; into: string }>(
    client,
    `SELECT latest.amplitude_id::text AS from, latest.merged_amplitude_id::text AS into
     FROM (SELECT DISTINCT amplitude_id FROM identity_merges
           WHERE project_id = $1 AND merged_amplitude_id = ANY($2::bigint[])) AS follower
     CROSS JOIN LATERAL (SELECT amplitude_id, merged_amplitude_id FROM identity_merges
                         WHERE project_id = $1 AND amplitude_id = follower.amplitude_id
                         ORDER BY merge_server_time DESC, id DESC LIMIT 1) AS latest
     WHERE latest.merged_amplitude_id = ANY($2::bigint[])`,
    context.projectId,
    sources,
  );
  // Who ends in each id: the ledger's latest rows, then this batch's merges, in order.
  const mergedInto = new Map<string, Set<string>>();
  const endsIn = new Map<string, string>();
  const follow = (id: string, into: string) => {
    const previous = endsIn.get(id);
    if (previous) mergedInto.get(previous)?.delete(id);
    endsIn.set(id, into);
    (mergedInto.get(into) ?? mergedInto.set(into, new Set()).get(into)!).add(id);
  };
  for (const row of earlier) follow(row.from, row.into);
  // One row per id per batch, its last target: rows of one batch share their merge_server_time,
  // so an id merged twice in one batch keeps only where it ended (the latest row stays final).
  const ledger = new Map<
    string,
    { amplitude_id: string; merged_amplitude_id: string; merge_event_time: string }
  >();
  for (const merge of resolution.merges) {
    const from = String(merge.amplitudeId);
    const into = String(merge.mergedAmplitudeId);
    const at = new Date(events[merge.eventIndex]!.time ?? context.receivedAt.getTime()).toISOString();
    const followers = [...(mergedInto.get(from) ?? [])];
    for (const id of [from, ...followers]) {
      // Re-inserted last, in the order of the batch. An id merged back into itself (A into B,
      // then B into A) gets a row to itself, so that its latest row still says where it ends.
      ledger.delete(id);
      ledger.set(id, { amplitude_id: id, merged_amplitude_id: into, merge_event_time: at });
    }
    for (const id of [from, ...followers]) {
      if (id !== into) follow(id, into);
      else {
        mergedInto.get(endsIn.get(id) ?? "")?.delete(id);
        endsIn.delete(id);
      }
    }
  }
  await rows(
    client,
    `INSERT INTO identity_merges (project_id, amplitude_id, merged_amplitude_id, merge_event_time, merge_server_time)
     SELECT $1, r.amplitude_id, r.merged_amplitude_id, r.merge_event_time, $2::timestamptz
     FROM json_to_recordset($3::json) AS r(amplitude_id bigint, merged_amplitude_id bigint, merge_event_time timestamptz)`,
    context.projectId,
    context.storedAt.toISOString(),
    JSON.stringify([...ledger.values()]),
  );
}

/**
 * Stores a validated batch in one transaction, durable when it returns: de-duplicates by
 * insert_id (7 days per project and device, else user), resolves amplitude_ids and records
 * merges, applies the batch's user and group property updates, then inserts the events, each
 * with the properties as of itself. With `identifyOnly` (the Identify API), no row is inserted. Locks on every device and user of the batch serialise
 * concurrent batches of the same people, so identities are never assigned twice and events of
 * one device are processed in the order received.
 */
/** A request the rate limits refused: nothing of it was stored. */
export class StoreRefused extends Error {
  constructor(readonly verdict: Extract<ThrottleVerdict, { ok: false }>) {
    super("rate limited");
  }
}

export async function storeEvents(
  project: IngestProject,
  events: IncomingEvent[],
  context: {
    receivedAt: Date;
    requestIp: string | null;
    identifyOnly?: boolean;
    /**
     * The rate limits, checked first in the same transaction: a refused request stores nothing
     * and, rolled back, takes nothing from the limits (StoreRefused is thrown).
     */
    admit?: (client: PoolClient) => Promise<ThrottleVerdict>;
  },
): Promise<StoreResult> {
  return withTransaction(async (client) => {
    if (context.admit) {
      const verdict = await context.admit(client);
      if (!verdict.ok) throw new StoreRefused(verdict);
    }
    await lockPeople(client, project.id, events);
    // Identify API calls update users and ties, and are no events: no row, no insert_id.
    const accepted = context.identifyOnly
      ? events
      : await dropDuplicates(client, project.id, events, context.receivedAt);
    if (accepted.length === 0) return { stored: 0, duplicates: events.length };
    const resolution = await resolveAndSaveIdentities(client, project.id, accepted);
    const rowContext: EventRowContext = {
      projectId: project.id,
      app: project.appId,
      receivedAt: context.receivedAt,
      storedAt: new Date(),
      requestIp: context.requestIp,
    };
    // Takes the locks on the batch's amplitude_ids, which recording merges relies on too.
    const properties = await stampProperties(
      client,
      project.id,
      accepted,
      resolution.amplitudeIds,
      resolution.merges,
    );
    await recordMerges(client, accepted, resolution, rowContext);
    if (context.identifyOnly) return { stored: 0, duplicates: 0 };
    const eventRows = accepted.map((event, i) =>
      Object.assign(eventRow(event, resolution.amplitudeIds[i]!, rowContext), properties[i]),
    );
    await rows(
      client,
      `INSERT INTO events (${EVENT_COLUMN_LIST}) SELECT ${EVENT_COLUMN_LIST} FROM json_populate_recordset(NULL::events, $1::json)`,
      json(eventRows),
    );
    return { stored: accepted.length, duplicates: events.length - accepted.length };
  });
}
