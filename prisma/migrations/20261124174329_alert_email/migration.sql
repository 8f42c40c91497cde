-- AlterTable
ALTER TABLE "Alert" ADD COLUMN     "emailStatus" TEXT;


