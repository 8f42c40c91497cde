-- CreateTable
CREATE TABLE "ingest_rate_buckets" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ingest_rate_buckets_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "ingest_rate_buckets_at_idx" ON "ingest_rate_buckets"("at");


-- No WAL for the buckets: a crash forgets them, and they refill within 30 seconds anyway.
ALTER TABLE "ingest_rate_buckets" SET UNLOGGED;
