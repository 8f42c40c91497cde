-- Runs stage zstd Parquet from now on. A run planned before this change keeps gzip NDJSON and
-- finishes in it.
CREATE TYPE "StagedFormat" AS ENUM ('NDJSON', 'PARQUET');

ALTER TABLE "ExportRun" ADD COLUMN "fileFormat" "StagedFormat" NOT NULL DEFAULT 'NDJSON';
ALTER TABLE "ExportRun" ALTER COLUMN "fileFormat" SET DEFAULT 'PARQUET';
