-- DropIndex
DROP INDEX "events_uuid_key";


