-- CreateEnum
CREATE TYPE "DestinationState" AS ENUM ('ACTIVE', 'PAUSED');

-- CreateEnum
CREATE TYPE "DestinationHealth" AS ENUM ('WAITING', 'HEALTHY', 'FAILING');

-- CreateEnum
CREATE TYPE "JsonColumnType" AS ENUM ('STRING', 'VARIANT');

-- CreateEnum
CREATE TYPE "PolicyVariant" AS ENUM ('DISCOVERY', 'INLINE_JWKS');

-- CreateEnum
CREATE TYPE "ExportRunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "ExportRunTrigger" AS ENUM ('SCHEDULE', 'MANUAL');

-- CreateTable
CREATE TABLE "Destination" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "state" "DestinationState" NOT NULL DEFAULT 'ACTIVE',
    "health" "DestinationHealth" NOT NULL DEFAULT 'WAITING',
    "frequencyMinutes" INTEGER NOT NULL,
    "filter" JSONB NOT NULL,
    "workspaceHost" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "warehouseId" TEXT NOT NULL,
    "catalog" TEXT NOT NULL,
    "schema" TEXT NOT NULL,
    "table" TEXT NOT NULL,
    "jsonColumnType" "JsonColumnType" NOT NULL DEFAULT 'STRING',
    "policyVariant" "PolicyVariant" NOT NULL DEFAULT 'DISCOVERY',
    "policyUpdateNeeded" BOOLEAN NOT NULL DEFAULT false,
    "exportFrom" TIMESTAMP(3) NOT NULL,
    "watermarkTxid" BIGINT,
    "nextRunAt" TIMESTAMP(3) NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Destination_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExportRun" (
    "id" TEXT NOT NULL,
    "destinationId" TEXT NOT NULL,
    "status" "ExportRunStatus" NOT NULL DEFAULT 'QUEUED',
    "trigger" "ExportRunTrigger" NOT NULL,
    "requestedById" TEXT,
    "fromTxid" BIGINT,
    "toTxid" BIGINT,
    "rows" INTEGER,
    "bytes" BIGINT,
    "queuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "errorClass" TEXT,
    "errorMessage" TEXT,

    CONSTRAINT "ExportRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Destination_projectId_idx" ON "Destination"("projectId");

-- CreateIndex
CREATE INDEX "Destination_state_nextRunAt_idx" ON "Destination"("state", "nextRunAt");

-- CreateIndex
CREATE INDEX "ExportRun_destinationId_queuedAt_idx" ON "ExportRun"("destinationId", "queuedAt" DESC);

-- AddForeignKey
ALTER TABLE "Destination" ADD CONSTRAINT "Destination_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExportRun" ADD CONSTRAINT "ExportRun_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "Destination"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- One live destination per workspace table: two would load the same events twice.
CREATE UNIQUE INDEX "Destination_live_table_key" ON "Destination" (lower("workspaceHost"), lower("catalog"), lower("schema"), lower("table")) WHERE "deletedAt" IS NULL;
