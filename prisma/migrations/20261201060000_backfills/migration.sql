-- CreateEnum
CREATE TYPE "BackfillStatus" AS ENUM ('RUNNING', 'COMPLETED', 'CANCELLED', 'FAILED');

-- AlterEnum
ALTER TYPE "ExportRunStatus" ADD VALUE 'CANCELLED';

-- AlterEnum
ALTER TYPE "ExportRunTrigger" ADD VALUE 'BACKFILL';

-- AlterTable
ALTER TABLE "ExportRun" ADD COLUMN     "backfillId" TEXT,
ADD COLUMN     "fromTime" TIMESTAMP(3),
ADD COLUMN     "toTime" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Backfill" (
    "id" TEXT NOT NULL,
    "destinationId" TEXT NOT NULL,
    "from" TIMESTAMP(3) NOT NULL,
    "to" TIMESTAMP(3) NOT NULL,
    "cursor" TIMESTAMP(3) NOT NULL,
    "status" "BackfillStatus" NOT NULL DEFAULT 'RUNNING',
    "redeliver" BOOLEAN NOT NULL DEFAULT false,
    "estimatedRows" INTEGER,
    "deliveredRows" INTEGER NOT NULL DEFAULT 0,
    "chunksDone" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Backfill_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Backfill_destinationId_createdAt_idx" ON "Backfill"("destinationId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Backfill_status_idx" ON "Backfill"("status");

-- CreateIndex
CREATE INDEX "ExportRun_backfillId_idx" ON "ExportRun"("backfillId");

-- AddForeignKey
ALTER TABLE "Backfill" ADD CONSTRAINT "Backfill_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "Destination"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExportRun" ADD CONSTRAINT "ExportRun_backfillId_fkey" FOREIGN KEY ("backfillId") REFERENCES "Backfill"("id") ON DELETE CASCADE ON UPDATE CASCADE;
