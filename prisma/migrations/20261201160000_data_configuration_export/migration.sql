-- AlterTable
ALTER TABLE "Destination" ADD COLUMN     "configSnapshotAt" TIMESTAMP(3),
ADD COLUMN     "configSnapshotVersion" INTEGER,
ADD COLUMN     "exportDataConfig" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "config_snapshots" (
    "id" TEXT NOT NULL,
    "destinationId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "configVersion" INTEGER NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL,
    "content" JSONB,
    "views" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "config_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "config_snapshots_runId_key" ON "config_snapshots"("runId");

-- CreateIndex
CREATE INDEX "config_snapshots_destinationId_takenAt_idx" ON "config_snapshots"("destinationId", "takenAt" DESC);

-- AddForeignKey
ALTER TABLE "config_snapshots" ADD CONSTRAINT "config_snapshots_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "Destination"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "config_snapshots" ADD CONSTRAINT "config_snapshots_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ExportRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
