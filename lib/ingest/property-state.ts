import "server-only";
import type { PoolClient } from "pg";
import { lockKeys } from "@/lib/db/advisory-locks";
import type { Merge } from "@/lib/ingest/identity";
import { applyPropertyUpdate, type Properties } from "@/lib/ingest/property-operations";
import type { IncomingEvent } from "@/lib/ingest/validate";

// Each user's properties and groups, and each group's properties, kept per project as Amplitude
// keeps them, so that every event carries the state as of that event, as Amplitude's exports do
// (https://amplitude.com/docs/data/user-properties-and-events): the SDKs send `track` events
// without user properties, so only $identify rows would carry any otherwise.
// - A user's state follows merges: when a device's amplitude_id merges into a user's, the
//   merged state is the device's properties overlaid with the user's (the user's win).
// - $identify events update the user's properties and, with `groups`, the user's groups
//   (setGroup); other events' user_properties are set on the user; an event's own `groups`
//   hold for that event alone (https://amplitude.com/docs/data/account-level-reporting).
// - $groupidentify events update the properties of the groups they name.
// Stored in the same transaction as the events, under locks on every amplitude_id and updated
// group of the batch, taken (sorted) after the batch's device and user locks.

export type StampedProperties = {
  user_properties: Properties;
  groups: Properties;
  group_properties: Properties;
};

type UserState = { properties: Properties; groups: Record<string, string[]> };

const isObject = (value: unknown): value is Properties =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** An event's `groups` ({type: name or [names]}) as lists of names. */
function groupsOf(raw: Properties): Record<string, string[]> {
  if (!isObject(raw.groups)) return {};
  const groups: Record<string, string[]> = {};
  for (const [type, value] of Object.entries(raw.groups)) {
    const names = (Array.isArray(value) ? value : [value])
      .filter((name) => typeof name === "string" || typeof name === "number")
      .map(String);
    if (names.length) groups[type] = names;
  }
  return groups;
}

const groupKey = (type: string, name: string) => JSON.stringify([type, name]);

/** The stored properties of the groups named by `keys` (groupKey), those that have any. */
async function loadGroups(
  client: PoolClient,
  projectId: string,
  keys: string[],
): Promise<Map<string, Properties>> {
  if (keys.length === 0) return new Map();
  const { rows } = await client.query<{ type: string; name: string; properties: Properties }>(
    // One index probe per group, whatever the planner's statistics (see knownIdentities).
    `SELECT g.group_type AS type, g.group_name AS name, g.group_properties AS properties
     FROM json_array_elements($2::json) AS k
     CROSS JOIN LATERAL (SELECT group_type, group_name, group_properties FROM group_property_states
                         WHERE project_id = $1 AND group_type = k->>0 AND group_name = k->>1 LIMIT 1) AS g`,
    [projectId, `[${keys.join(",")}]`],
  );
  return new Map(rows.map((row) => [groupKey(row.type, row.name), row.properties]));
}

/** Saves the groups named by `keys` with their properties in `states`. */
async function saveGroups(
  client: PoolClient,
  projectId: string,
  states: Map<string, Properties>,
  keys: string[],
) {
  if (keys.length === 0) return;
  const rows = keys.map((key) => {
    const [type, name] = JSON.parse(key) as [string, string];
    return { type, name, properties: states.get(key) ?? {} };
  });
  await client.query(
    `INSERT INTO group_property_states (project_id, group_type, group_name, group_properties)
     SELECT $1, r.type, r.name, r.properties FROM json_to_recordset($2::json) AS r(type text, name text, properties jsonb)
     ON CONFLICT (project_id, group_type, group_name) DO UPDATE SET group_properties = EXCLUDED.group_properties`,
    [projectId, JSON.stringify(rows)],
  );
}

/**
 * Applies the batch's property updates in order and returns, per event, the user's properties,
 * groups and group properties as of that event; saves the states that changed.
 */
export async function stampProperties(
  client: PoolClient,
  projectId: string,
  events: IncomingEvent[],
  amplitudeIds: bigint[],
  merges: Merge[],
): Promise<StampedProperties[]> {
  const ids = [...new Set([...amplitudeIds, ...merges.map((merge) => merge.amplitudeId)].map(String))];
  const updatedGroups = new Set<string>();
  for (const event of events)
    if (event.eventType === "$groupidentify")
      for (const [type, names] of Object.entries(groupsOf(event.raw)))
        for (const name of names) updatedGroups.add(groupKey(type, name));
  await lockKeys(client, [
    ...ids.map((id) => `${projectId}|a|${id}`),
    ...[...updatedGroups].map((key) => `${projectId}|g|${key}`),
  ]);

  const users = new Map<string, UserState>();
  const { rows: userRows } = await client.query<{
    id: string;
    properties: Properties;
    groups: Record<string, string[]>;
  }>(
    `SELECT amplitude_id::text AS id, user_properties AS properties, groups FROM user_property_states
     WHERE project_id = $1 AND amplitude_id = ANY($2::bigint[])`,
    [projectId, ids],
  );
  for (const row of userRows) users.set(row.id, { properties: row.properties, groups: row.groups });
  // What each user's state was, to write only those an event changed (SDKs resend properties).
  const loaded = new Map([...users].map(([id, state]) => [id, JSON.stringify(state)]));

  // Every group an event may carry: its own, and those of the users it names.
  const neededGroups = new Set<string>(updatedGroups);
  for (const event of events)
    for (const [type, names] of Object.entries(groupsOf(event.raw)))
      for (const name of names) neededGroups.add(groupKey(type, name));
  for (const state of users.values())
    for (const [type, names] of Object.entries(state.groups))
      for (const name of names) neededGroups.add(groupKey(type, name));
  const groupStates = await loadGroups(client, projectId, [...neededGroups]);

  const changedUsers = new Set<string>();
  const changedGroups = new Set<string>();
  const mergesAt = new Map<number, Merge[]>();
  for (const merge of merges)
    mergesAt.set(merge.eventIndex, [...(mergesAt.get(merge.eventIndex) ?? []), merge]);

  const stamped = events.map((event, index) => {
    for (const merge of mergesAt.get(index) ?? []) {
      const from = users.get(String(merge.amplitudeId));
      const into = users.get(String(merge.mergedAmplitudeId));
      if (!from) continue;
      users.set(String(merge.mergedAmplitudeId), {
        properties: { ...from.properties, ...into?.properties },
        groups: { ...from.groups, ...into?.groups },
      });
      changedUsers.add(String(merge.mergedAmplitudeId));
    }
    const id = String(amplitudeIds[index]);
    let state = users.get(id) ?? { properties: {}, groups: {} };
    const raw = event.raw;
    const eventGroups = groupsOf(raw);
    if (event.eventType === "$groupidentify") {
      const update = isObject(raw.group_properties) ? raw.group_properties : {};
      for (const [type, names] of Object.entries(eventGroups))
        for (const name of names) {
          const key = groupKey(type, name);
          groupStates.set(key, applyPropertyUpdate(groupStates.get(key) ?? {}, update));
          changedGroups.add(key);
        }
    } else if (isObject(raw.user_properties) && Object.keys(raw.user_properties).length) {
      state = { ...state, properties: applyPropertyUpdate(state.properties, raw.user_properties) };
      changedUsers.add(id);
    }
    if (event.eventType === "$identify" && Object.keys(eventGroups).length) {
      state = { ...state, groups: { ...state.groups, ...eventGroups } };
      changedUsers.add(id);
    }
    users.set(id, state);

    const groups = { ...state.groups, ...eventGroups };
    const groupProperties: Record<string, Properties> = {};
    for (const [type, names] of Object.entries(groups))
      for (const name of names)
        (groupProperties[type] ??= {})[name] = groupStates.get(groupKey(type, name)) ?? {};
    return { user_properties: state.properties, groups, group_properties: groupProperties };
  });

  for (const id of changedUsers)
    if (loaded.get(id) === JSON.stringify(users.get(id))) changedUsers.delete(id);
  if (changedUsers.size)
    await client.query(
      `INSERT INTO user_property_states (project_id, amplitude_id, user_properties, groups)
       SELECT $1, r.id, r.properties, r.groups FROM json_to_recordset($2::json) AS r(id bigint, properties jsonb, groups jsonb)
       ON CONFLICT (project_id, amplitude_id) DO UPDATE SET user_properties = EXCLUDED.user_properties, groups = EXCLUDED.groups`,
      [projectId, JSON.stringify([...changedUsers].map((id) => ({ id, ...users.get(id)! })))],
    );
  await saveGroups(client, projectId, groupStates, [...changedGroups]);
  return stamped;
}

/**
 * Applies Group Identify API updates ({type, name, update}) in order, under locks on the groups,
 * and saves them.
 */
export async function updateGroups(
  client: PoolClient,
  projectId: string,
  updates: { type: string; name: string; update: Properties }[],
): Promise<void> {
  const keys = [...new Set(updates.map(({ type, name }) => groupKey(type, name)))];
  await lockKeys(
    client,
    keys.map((key) => `${projectId}|g|${key}`),
  );
  const states = await loadGroups(client, projectId, keys);
  for (const { type, name, update } of updates)
    states.set(groupKey(type, name), applyPropertyUpdate(states.get(groupKey(type, name)) ?? {}, update));
  await saveGroups(client, projectId, states, keys);
}
