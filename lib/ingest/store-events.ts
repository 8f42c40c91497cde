import "server-only";
import { withTransaction } from "@/lib/db-pool";
import { DEDUPE_WINDOW_DAYS } from "@/lib/ingest/limits";
import { EVENT_COLUMNS, eventRow } from "@/lib/ingest/event-row";
import { assignNewIds, resolveIdentities } from "@/lib/ingest/identity";
import type { IncomingEvent } from "@/lib/ingest/validate";

export type StoreResult = { stored: number; duplicates: number };
export type IngestProject = { id: string; appId: bigint };

const json = (value: unknown) => JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? String(item) : item));
const dedupeScope = (event: IncomingEvent) => (event.deviceId ? `d:${event.deviceId}` : `u:${event.userId}`);
const columns = EVENT_COLUMNS.map((column) => `"${column}"`).join(", ");

/**
 * Stores a validated batch in one transaction, durable when it returns: de-duplicates by
 * insert_id (7 days per project and device, else user), resolves amplitude_ids and records
 * merges, then inserts the events. Locks on every device and user of the batch serialise
 * concurrent batches of the same people, so identities are never assigned twice and events of
 * one device are processed in the order received.
 */
export async function storeEvents(project: IngestProject, events: IncomingEvent[], context: { receivedAt: Date; requestIp: string | null }): Promise<StoreResult> {
  const lockKeys = [...new Set(events.flatMap((e) => [e.deviceId && `${project.id}|d|${e.deviceId}`, e.userId && `${project.id}|u|${e.userId}`].filter(Boolean)))];
  return withTransaction(async (client) => {
      const query = async <T extends object>(sql: string, ...params: unknown[]) => (await client.query<T>(sql, params)).rows;
      await query(
        `SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT DISTINCT hashtextextended(key, 0) AS k FROM json_array_elements_text($1::json) AS key ORDER BY 1) AS keys`,
        JSON.stringify(lockKeys),
      );

      // insert_id de-duplication: the first of a request wins; earlier requests win within the window.
      const seen = new Set<string>();
      const candidates = events.filter((event) => {
        if (!event.insertId) return true;
        const key = `${dedupeScope(event)}\u0000${event.insertId}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      const withInsertId = candidates.filter((event) => event.insertId);
      let fresh = new Set<string>();
      if (withInsertId.length) {
        const rows = await query<{ scope: string; insert_id: string }>(
          `INSERT INTO event_insert_ids (project_id, scope, insert_id, received_at)
           SELECT $1, r.scope, r.insert_id, $2::timestamptz FROM json_to_recordset($3::json) AS r(scope text, insert_id text)
           ON CONFLICT (project_id, scope, insert_id) DO UPDATE SET received_at = EXCLUDED.received_at
             WHERE event_insert_ids.received_at < $2::timestamptz - interval '${DEDUPE_WINDOW_DAYS} days'
           RETURNING scope, insert_id`,
          project.id,
          context.receivedAt.toISOString(),
          JSON.stringify(withInsertId.map((event) => ({ scope: dedupeScope(event), insert_id: event.insertId }))),
        );
        fresh = new Set(rows.map((row) => `${row.scope}\u0000${row.insert_id}`));
      }
      const accepted = candidates.filter((event) => !event.insertId || fresh.has(`${dedupeScope(event)}\u0000${event.insertId}`));
      if (accepted.length === 0) return { stored: 0, duplicates: events.length };

      const deviceIds = [...new Set(accepted.flatMap((e) => (e.deviceId ? [e.deviceId] : [])))];
      const userIds = [...new Set(accepted.flatMap((e) => (e.userId ? [e.userId] : [])))];
      const [devices, users] = await Promise.all([
        query<{ key: string; id: string }>(
          `SELECT device_id AS key, amplitude_id::text AS id FROM device_identities WHERE project_id = $1 AND device_id IN (SELECT json_array_elements_text($2::json))`,
          project.id,
          JSON.stringify(deviceIds),
        ),
        query<{ key: string; id: string }>(
          `SELECT user_id AS key, amplitude_id::text AS id FROM user_identities WHERE project_id = $1 AND user_id IN (SELECT json_array_elements_text($2::json))`,
          project.id,
          JSON.stringify(userIds),
        ),
      ]);
      const resolution = resolveIdentities(
        accepted,
        new Map(devices.map((row) => [row.key, BigInt(row.id)])),
        new Map(users.map((row) => [row.key, BigInt(row.id)])),
      );
      if (resolution.newIds > 0) {
        const ids = await query<{ id: string }>(`SELECT nextval('amplitude_id_seq')::text AS id FROM generate_series(1, $1::int)`, resolution.newIds);
        assignNewIds(resolution, ids.map((row) => BigInt(row.id)));
      }
      const upsert = async (table: string, column: string, changed: Set<string>, map: Map<string, bigint>) => {
        if (changed.size === 0) return;
        await query(
          `INSERT INTO ${table} (project_id, ${column}, amplitude_id)
           SELECT $1, r.key, r.id FROM json_to_recordset($2::json) AS r(key text, id bigint)
           ON CONFLICT (project_id, ${column}) DO UPDATE SET amplitude_id = EXCLUDED.amplitude_id`,
          project.id,
          json([...changed].map((key) => ({ key, id: map.get(key) }))),
        );
      };
      await upsert("device_identities", "device_id", resolution.changedDevices, resolution.devices);
      await upsert("user_identities", "user_id", resolution.changedUsers, resolution.users);

      const storedAt = new Date();
      const rowContext = { projectId: project.id, app: project.appId, receivedAt: context.receivedAt, storedAt, requestIp: context.requestIp };
      if (resolution.merges.length) {
        await query(
          `INSERT INTO identity_merges (project_id, amplitude_id, merged_amplitude_id, merge_event_time, merge_server_time)
           SELECT $1, r.amplitude_id, r.merged_amplitude_id, r.merge_event_time, $2::timestamptz
           FROM json_to_recordset($3::json) AS r(amplitude_id bigint, merged_amplitude_id bigint, merge_event_time timestamptz)`,
          project.id,
          storedAt.toISOString(),
          json(
            resolution.merges.map((merge) => ({
              amplitude_id: merge.amplitudeId,
              merged_amplitude_id: merge.mergedAmplitudeId,
              merge_event_time: new Date(accepted[merge.eventIndex]!.time ?? context.receivedAt.getTime()).toISOString(),
            })),
          ),
        );
      }
      const rows = accepted.map((event, i) => eventRow(event, resolution.amplitudeIds[i]!, rowContext));
      await query(`INSERT INTO events (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::events, $1::json)`, json(rows));
      return { stored: accepted.length, duplicates: events.length - accepted.length };
    },
  );
}
