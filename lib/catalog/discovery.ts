import "server-only";
import { db } from "@/lib/db/prisma";
import { logUnexpectedError } from "@/lib/errors";

// Discovery builds the catalog from events already stored, after the fact: ingest writes
// nothing more for it, so it costs ingest nothing but the database time of this reader. Each
// step reads at most `maxEvents` events after the project's (txid, id) watermark and folds
// them into the catalog with one set-based statement, so a step is bounded in time and fits a
// serverless function (the Inngest function makes each one a step; the local runner loops).
//
// Like exports (lib/events/watermark.ts), it reads only transactions below the snapshot's xmin:
// they can no longer change, and a transaction that commits late has a txid above the
// watermark, so a later step reads it. Sequence order alone would skip it.

/** Events one step reads at most. */
export const DISCOVERY_STEP_EVENTS = 20_000;
/**
 * Steps per project in one pass (discoverAll, or one run of the Inngest function, every
 * minute): up to 1,000,000 events a minute for one project, above the ingest rate of one
 * server (bench:ingest). A longer backlog continues at the next pass.
 */
export const DISCOVERY_STEPS_PER_PROJECT = 50;
/** Steps of one Inngest run at most, below Inngest's 1,000 steps per function run. */
export const DISCOVERY_STEPS_PER_RUN = 500;

export type DiscoveryStep = { read: number; more: boolean };

// Runs after the step has locked its project's watermark row (a concurrent step of the same
// project skips rather than counts the same events twice) and read it: $2, $3 are the watermark,
// as values, so that the planner reads the next events in index order rather than every
// pending one. The events are read once (MATERIALIZED); every catalog table and the watermark
// are written from them, in the step's transaction.
const DISCOVER_STEP_SQL = `
WITH batch AS MATERIALIZED (
  SELECT txid, id, event_type, server_upload_time AS at, event_properties, user_properties
  FROM events
  WHERE project_id = $1
    AND (txid, id) > ($2::bigint, $3::bigint)
    AND txid < (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint)
  ORDER BY txid, id
  LIMIT $4::int
),
per_day AS (
  SELECT event_type, (at AT TIME ZONE 'UTC')::date AS day, count(*) AS events,
         min(at) AS first_seen, max(at) AS last_seen
  FROM batch GROUP BY 1, 2
),
event_types AS (
  INSERT INTO catalog_event_types AS t (project_id, event_type, first_seen, last_seen)
  SELECT $1, event_type, min(first_seen), max(last_seen) FROM per_day GROUP BY event_type
  ON CONFLICT (project_id, event_type) DO UPDATE SET
    first_seen = LEAST(t.first_seen, EXCLUDED.first_seen),
    last_seen = GREATEST(t.last_seen, EXCLUDED.last_seen),
    -- A planned event type that arrives is live; hidden and deprecated stay as people set them.
    status = CASE WHEN t.status = 'PLANNED' THEN 'LIVE'::"CatalogStatus" ELSE t.status END
),
days AS (
  INSERT INTO catalog_event_type_days AS d (project_id, event_type, day, events)
  SELECT $1, event_type, day, events FROM per_day
  ON CONFLICT (project_id, event_type, day) DO UPDATE SET events = d.events + EXCLUDED.events
),
seen AS (
  -- jsonb_object_keys and a lookup cost less than jsonb_each, which copies every value.
  SELECT 'EVENT' AS scope, b.event_type, k AS name, jsonb_typeof(b.event_properties -> k) AS json_type,
         min(b.at) AS first_seen, max(b.at) AS last_seen
  FROM batch b
  CROSS JOIN LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(b.event_properties) = 'object'
                                            THEN b.event_properties ELSE '{}'::jsonb END) AS k
  GROUP BY 2, 3, 4
  UNION ALL
  SELECT 'USER', '', k, jsonb_typeof(b.user_properties -> k), min(b.at), max(b.at)
  FROM batch b
  CROSS JOIN LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(b.user_properties) = 'object'
                                            THEN b.user_properties ELSE '{}'::jsonb END) AS k
  GROUP BY 3, 4
),
properties AS (
  INSERT INTO catalog_properties AS c (project_id, scope, event_type, name, types, first_seen, last_seen)
  SELECT $1, scope::"PropertyScope", event_type, name, array_agg(json_type ORDER BY json_type), min(first_seen), max(last_seen)
  FROM seen GROUP BY scope, event_type, name
  ON CONFLICT (project_id, scope, event_type, name) DO UPDATE SET
    types = ARRAY(SELECT DISTINCT t FROM unnest(c.types || EXCLUDED.types) AS t ORDER BY 1),
    first_seen = LEAST(c.first_seen, EXCLUDED.first_seen),
    last_seen = GREATEST(c.last_seen, EXCLUDED.last_seen)
),
advanced AS (
  UPDATE catalog_discovery SET last_txid = newest.txid, last_id = newest.id, updated_at = now()
  FROM (SELECT txid, id FROM batch ORDER BY txid DESC, id DESC LIMIT 1) AS newest
  WHERE project_id = $1
)
SELECT (SELECT count(*) FROM batch)::int AS read`;

/**
 * Folds a project's next events (at most `maxEvents`, after its watermark, of finished
 * transactions only) into its catalog: event types with first and last seen, events per UTC
 * day, event and user properties with their JSON types; then advances the watermark. `more`
 * says the step was full, so more events may be waiting.
 */
export async function discoverProject(
  projectId: string,
  { maxEvents = DISCOVERY_STEP_EVENTS }: { maxEvents?: number } = {},
): Promise<DiscoveryStep> {
  // The row the step locks; a project's first step starts before its first event.
  await db.$executeRawUnsafe(
    `INSERT INTO catalog_discovery (project_id, last_txid, last_id, updated_at)
     VALUES ($1, 0, 0, now()) ON CONFLICT (project_id) DO NOTHING`,
    projectId,
  );
  return db.$transaction(
    async (tx) => {
      const [mark] = await tx.$queryRawUnsafe<{ txid: string; id: string }[]>(
        `SELECT last_txid::text AS txid, last_id::text AS id FROM catalog_discovery
         WHERE project_id = $1 FOR UPDATE SKIP LOCKED`,
        projectId,
      );
      // Another step of this project is under way: it reads these events.
      if (!mark) return { read: 0, more: false };
      const [row] = await tx.$queryRawUnsafe<{ read: number }[]>(
        DISCOVER_STEP_SQL,
        projectId,
        mark.txid,
        mark.id,
        maxEvents,
      );
      const read = row?.read ?? 0;
      return { read, more: read >= maxEvents };
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

/**
 * The live projects with events discovery has not read yet (one index probe each), so that an
 * idle project costs a pass nothing; the least recently discovered first, so that a pass cut
 * short by its step budget leaves different projects for the next.
 */
export async function projectsToDiscover(): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT p.id FROM "Project" p
     LEFT JOIN catalog_discovery d ON d.project_id = p.id
     WHERE p."deletedAt" IS NULL
       AND EXISTS (SELECT 1 FROM events e
                   WHERE e.project_id = p.id
                     AND (e.txid, e.id) > (COALESCE(d.last_txid, 0), COALESCE(d.last_id, 0))
                     AND e.txid < (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint))
     ORDER BY d.updated_at ASC NULLS FIRST, p.id`,
  );
  return rows.map((row) => row.id);
}

/**
 * One pass over every live project: up to `stepsPerProject` bounded steps each, one project
 * after another; a project that fails is logged and left for the next pass.
 */
export async function discoverAll({
  maxEvents = DISCOVERY_STEP_EVENTS,
  stepsPerProject = DISCOVERY_STEPS_PER_PROJECT,
}: { maxEvents?: number; stepsPerProject?: number } = {}): Promise<{ projects: number; events: number }> {
  const projectIds = await projectsToDiscover();
  let events = 0;
  for (const projectId of projectIds) {
    try {
      for (let step = 0; step < stepsPerProject; step++) {
        const { read, more } = await discoverProject(projectId, { maxEvents });
        events += read;
        if (!more) break;
      }
    } catch (error) {
      logUnexpectedError("catalog-discovery", error);
    }
  }
  return { projects: projectIds.length, events };
}
