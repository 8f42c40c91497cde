-- The merged-IDs export: a destination may name a second table for the merge ledger, and each
-- run records the ledger files and rows it delivered. Backfill chunks read merges by time.
ALTER TABLE "Destination" ADD COLUMN "mergedIdsTable" TEXT;

ALTER TABLE "ExportRun" ADD COLUMN "mergeFiles" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN "mergeRows" INTEGER;

CREATE INDEX "identity_merges_project_id_merge_server_time_idx" ON "identity_merges"("project_id", "merge_server_time");
