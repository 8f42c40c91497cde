-- CreateEnum
CREATE TYPE "AlertKind" AS ENUM ('FAILING', 'LAG');

-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL,
    "destinationId" TEXT NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "webhookStatus" TEXT,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Alert_destinationId_resolvedAt_idx" ON "Alert"("destinationId", "resolvedAt");



-- One open alert per destination and kind.
CREATE UNIQUE INDEX "Alert_open_key" ON "Alert" ("destinationId", "kind") WHERE "resolvedAt" IS NULL;
