-- AlterTable
ALTER TABLE "ExportRun" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "exportFrom" TIMESTAMP(3),
ADD COLUMN     "files" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "filter" JSONB,
ADD COLUMN     "target" JSONB;


