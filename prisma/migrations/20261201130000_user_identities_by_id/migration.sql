-- Whether a device's amplitude_id is already a user's decides if seeing it with another user
-- merges it: looked up by amplitude_id at ingest.
CREATE INDEX "user_identities_project_id_amplitude_id_idx" ON "user_identities"("project_id", "amplitude_id");
