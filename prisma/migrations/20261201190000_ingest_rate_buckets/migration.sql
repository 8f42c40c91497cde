-- CreateTable
CREATE TABLE "ingest_rate_buckets" (
    "key" BIGINT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ingest_rate_buckets_pkey" PRIMARY KEY ("key")
);

-- No WAL for the buckets: a crash forgets them, and they refill within 30 seconds anyway. Room
-- on each page, and no index on the updated columns, so that a bucket's update stays on its
-- page without touching the index (HOT).
ALTER TABLE "ingest_rate_buckets" SET UNLOGGED;
ALTER TABLE "ingest_rate_buckets" SET (fillfactor = 70);
