-- CreateTable
CREATE TABLE "run_steps" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "ms" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "error" TEXT,

    CONSTRAINT "run_steps_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "run_steps_runId_startedAt_idx" ON "run_steps"("runId", "startedAt");

-- AddForeignKey
ALTER TABLE "run_steps" ADD CONSTRAINT "run_steps_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ExportRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
