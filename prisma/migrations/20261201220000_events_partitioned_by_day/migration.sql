-- events becomes partitioned by day of server_upload_time (lib/events/partitions.ts), so that
-- retention drops whole days instead of deleting rows. The partitions live in their own schema,
-- event_partitions, which Prisma neither reads nor migrates: Prisma manages the parent table
-- only, and the scheduler creates each day's partition ahead of time. A DEFAULT partition takes
-- any row no day partition covers, so an insert never fails for want of a partition.
--
-- The existing table is not copied. If it holds rows it becomes one partition as it is, covering
-- everything up to the end of the day of its newest row ("events_legacy", dropped by retention
-- like any day once all of it is old and delivered); if it is empty it is dropped.
CREATE SCHEMA IF NOT EXISTS "event_partitions";

-- The id sequence stays with the parent table (a moved table takes its owned sequences along).
ALTER SEQUENCE "events_id_seq" OWNED BY NONE;
ALTER TABLE "events" DROP CONSTRAINT "events_pkey";
ALTER TABLE "events" ALTER COLUMN "id" DROP DEFAULT;
ALTER TABLE "events" RENAME TO "events_legacy";
ALTER TABLE "events_legacy" SET SCHEMA "event_partitions";

-- The partition key must be part of every unique index, hence the primary key (id, server_upload_time).
CREATE TABLE "events" (LIKE "event_partitions"."events_legacy" INCLUDING DEFAULTS)
  PARTITION BY RANGE ("server_upload_time");
ALTER TABLE "events" ALTER COLUMN "id" SET DEFAULT nextval('events_id_seq');
ALTER SEQUENCE "events_id_seq" OWNED BY "events"."id";
ALTER TABLE "events" ADD CONSTRAINT "events_pkey" PRIMARY KEY ("id", "server_upload_time");
CREATE INDEX "events_project_id_txid_id_idx" ON "events"("project_id", "txid", "id");
CREATE INDEX "events_project_id_server_upload_time_idx" ON "events"("project_id", "server_upload_time" DESC);

CREATE TABLE "event_partitions"."events_default" PARTITION OF "events" DEFAULT;

-- Days are UTC whatever the session's time zone: day starts come from date_trunc(…, 'UTC'),
-- steps are 24 hours (a '1 day' step follows the session zone's daylight saving), and names are
-- formatted from the UTC wall time.
DO $$
DECLARE
  legacy_end timestamptz;
  first_day timestamptz := date_trunc('day', now(), 'UTC');
  last_day timestamptz := date_trunc('day', now(), 'UTC') + interval '168 hours';
  day timestamptz;
BEGIN
  IF EXISTS (SELECT 1 FROM "event_partitions"."events_legacy") THEN
    SELECT date_trunc('day', greatest(now(), max("server_upload_time")), 'UTC') + interval '24 hours'
      INTO legacy_end FROM "event_partitions"."events_legacy";
    -- Attaching checks every row against the bound (one scan) and builds the new primary key.
    EXECUTE format(
      'ALTER TABLE "events" ATTACH PARTITION "event_partitions"."events_legacy" FOR VALUES FROM (MINVALUE) TO (%L)',
      legacy_end);
    first_day := legacy_end;
  ELSE
    DROP TABLE "event_partitions"."events_legacy";
  END IF;
  -- Today (unless the legacy partition covers it) and the next 7 days; the scheduler keeps ahead.
  day := first_day;
  WHILE day <= last_day LOOP
    EXECUTE format(
      'CREATE TABLE "event_partitions".%I PARTITION OF "events" FOR VALUES FROM (%L) TO (%L)',
      'events_' || to_char(day AT TIME ZONE 'UTC', 'YYYYMMDD'),
      day,
      day + interval '24 hours');
    day := day + interval '24 hours';
  END LOOP;
END $$;

-- What retention dropped: a backfill starts no earlier (lib/events/retention.ts).
CREATE TABLE "event_retention" (
    "id" TEXT NOT NULL,
    "dropped_before" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "event_retention_pkey" PRIMARY KEY ("id")
);
