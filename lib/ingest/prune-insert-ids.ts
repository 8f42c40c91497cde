import "server-only";
import { dbPool } from "@/lib/db/pool";
import { DEDUPE_WINDOW_DAYS } from "@/lib/ingest/limits";

// insert_id de-duplication looks back DEDUPE_WINDOW_DAYS (lib/ingest/store-events.ts): an id
// older than that can never drop an event again, so it is deleted. Each scheduler tick deletes
// in bounded batches (found through the BRIN index on received_at), so a large backlog of old
// ids is worked off over several ticks and no tick holds long locks.

const BATCH = 10_000;
const MAX_BATCHES_PER_TICK = 20;

export async function pruneInsertIds(now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - DEDUPE_WINDOW_DAYS * 86_400_000);
  let deleted = 0;
  for (let batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
    const { rowCount } = await dbPool().query(
      `DELETE FROM event_insert_ids WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM event_insert_ids WHERE received_at < $1::timestamptz LIMIT ${BATCH}))`,
      [before],
    );
    deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < BATCH) break;
  }
  return deleted;
}
