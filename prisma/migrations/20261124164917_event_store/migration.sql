-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "appId" BIGSERIAL NOT NULL;

-- CreateTable
CREATE TABLE "events" (
    "id" BIGSERIAL NOT NULL,
    "txid" BIGINT NOT NULL DEFAULT ((pg_current_xact_id())::text)::bigint,
    "project_id" TEXT NOT NULL,
    "uuid" UUID NOT NULL,
    "event_time" TIMESTAMPTZ(3) NOT NULL,
    "event_type" TEXT NOT NULL,
    "user_id" TEXT,
    "device_id" TEXT,
    "amplitude_id" BIGINT NOT NULL,
    "event_properties" JSONB NOT NULL DEFAULT '{}',
    "user_properties" JSONB NOT NULL DEFAULT '{}',
    "groups" JSONB NOT NULL DEFAULT '{}',
    "group_properties" JSONB NOT NULL DEFAULT '{}',
    "data" JSONB NOT NULL DEFAULT '{}',
    "server_received_time" TIMESTAMPTZ(3) NOT NULL,
    "server_upload_time" TIMESTAMPTZ(3) NOT NULL,
    "client_event_time" TIMESTAMPTZ(3) NOT NULL,
    "client_upload_time" TIMESTAMPTZ(3) NOT NULL,
    "processed_time" TIMESTAMPTZ(3) NOT NULL,
    "session_id" BIGINT,
    "event_id" BIGINT,
    "app" BIGINT NOT NULL,
    "insert_id" TEXT,
    "version_name" TEXT,
    "start_version" TEXT,
    "platform" TEXT,
    "os_name" TEXT,
    "os_version" TEXT,
    "device_family" TEXT,
    "device_type" TEXT,
    "device_carrier" TEXT,
    "country" TEXT,
    "region" TEXT,
    "city" TEXT,
    "dma" TEXT,
    "language" TEXT,
    "ip_address" TEXT,
    "location_lat" DOUBLE PRECISION,
    "location_lng" DOUBLE PRECISION,
    "library" TEXT,
    "paying" TEXT,
    "sample_rate" BIGINT,
    "amplitude_attribution_ids" TEXT[],

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_insert_ids" (
    "project_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "insert_id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "event_insert_ids_pkey" PRIMARY KEY ("project_id","scope","insert_id")
);

-- CreateTable
CREATE TABLE "device_identities" (
    "project_id" TEXT NOT NULL,
    "device_id" TEXT NOT NULL,
    "amplitude_id" BIGINT NOT NULL,

    CONSTRAINT "device_identities_pkey" PRIMARY KEY ("project_id","device_id")
);

-- CreateTable
CREATE TABLE "user_identities" (
    "project_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "amplitude_id" BIGINT NOT NULL,

    CONSTRAINT "user_identities_pkey" PRIMARY KEY ("project_id","user_id")
);

-- CreateTable
CREATE TABLE "identity_merges" (
    "id" BIGSERIAL NOT NULL,
    "txid" BIGINT NOT NULL DEFAULT ((pg_current_xact_id())::text)::bigint,
    "project_id" TEXT NOT NULL,
    "amplitude_id" BIGINT NOT NULL,
    "merged_amplitude_id" BIGINT NOT NULL,
    "merge_event_time" TIMESTAMPTZ(3) NOT NULL,
    "merge_server_time" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "identity_merges_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "events_uuid_key" ON "events"("uuid");

-- CreateIndex
CREATE INDEX "events_project_id_txid_idx" ON "events"("project_id", "txid");

-- CreateIndex
CREATE INDEX "events_project_id_server_upload_time_idx" ON "events"("project_id", "server_upload_time" DESC);

-- CreateIndex
CREATE INDEX "identity_merges_project_id_txid_idx" ON "identity_merges"("project_id", "txid");

-- CreateIndex
CREATE UNIQUE INDEX "Project_appId_key" ON "Project"("appId");


-- amplitude_id values: one sequence for the deployment, as ids are numbers in the warehouse.
CREATE SEQUENCE "amplitude_id_seq" START WITH 1000000;
