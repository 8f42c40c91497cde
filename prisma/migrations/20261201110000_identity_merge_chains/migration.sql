-- Closing merge chains at ingest looks up who was merged into an id, and each id's latest row.
CREATE INDEX "identity_merges_project_id_merged_amplitude_id_idx" ON "identity_merges"("project_id", "merged_amplitude_id");

CREATE INDEX "identity_merges_project_id_amplitude_id_merge_server_time_idx" ON "identity_merges"("project_id", "amplitude_id", "merge_server_time");
