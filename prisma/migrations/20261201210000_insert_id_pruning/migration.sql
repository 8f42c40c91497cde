-- CreateIndex
CREATE INDEX "event_insert_ids_received_at_idx" ON "event_insert_ids" USING BRIN ("received_at");
