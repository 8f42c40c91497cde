-- AlterTable
ALTER TABLE "ExportRun" ADD COLUMN     "capped" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "leaseExpiresAt" TIMESTAMP(3),
ADD COLUMN     "leaseOwner" TEXT;
