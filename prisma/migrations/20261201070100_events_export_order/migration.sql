-- Staging reads each file as the next rows of a window in (txid, id) order. With the index on
-- (project_id, txid) alone, every file sorted the rest of the window, and a window of one large
-- transaction was sorted again for each file.
DROP INDEX "events_project_id_txid_idx";

CREATE INDEX "events_project_id_txid_id_idx" ON "events"("project_id", "txid", "id");
