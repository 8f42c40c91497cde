-- Data configuration (issue 17): the event catalog discovered from stored events and
-- described by people, query-time transformations and custom events, and a version per
-- project that every configuration change bumps.
-- CreateEnum
CREATE TYPE "CatalogStatus" AS ENUM ('LIVE', 'PLANNED', 'HIDDEN', 'DEPRECATED');

-- CreateEnum
CREATE TYPE "PropertyScope" AS ENUM ('EVENT', 'USER');

-- CreateEnum
CREATE TYPE "PropertyClassification" AS ENUM ('PII', 'SENSITIVE', 'REVENUE');

-- CreateEnum
CREATE TYPE "TransformationKind" AS ENUM ('MERGE_EVENTS', 'MERGE_PROPERTIES', 'RENAME_VALUE', 'HIDE_EVENT', 'HIDE_PROPERTY');

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "configVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "event_categories" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_categories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog_event_types" (
    "project_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "first_seen" TIMESTAMPTZ(3),
    "last_seen" TIMESTAMPTZ(3),
    "display_name" TEXT,
    "description" TEXT,
    "category_id" TEXT,
    "status" "CatalogStatus" NOT NULL DEFAULT 'LIVE',

    CONSTRAINT "catalog_event_types_pkey" PRIMARY KEY ("project_id","event_type")
);

-- CreateTable
CREATE TABLE "catalog_event_type_days" (
    "project_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "events" BIGINT NOT NULL,

    CONSTRAINT "catalog_event_type_days_pkey" PRIMARY KEY ("project_id","event_type","day")
);

-- CreateTable
CREATE TABLE "catalog_properties" (
    "project_id" TEXT NOT NULL,
    "scope" "PropertyScope" NOT NULL,
    "event_type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "types" TEXT[],
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,
    "description" TEXT,
    "classifications" "PropertyClassification"[],

    CONSTRAINT "catalog_properties_pkey" PRIMARY KEY ("project_id","scope","event_type","name")
);

-- CreateTable
CREATE TABLE "catalog_discovery" (
    "project_id" TEXT NOT NULL,
    "last_txid" BIGINT NOT NULL,
    "last_id" BIGINT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "catalog_discovery_pkey" PRIMARY KEY ("project_id")
);

-- CreateTable
CREATE TABLE "transformations" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "kind" "TransformationKind" NOT NULL,
    "definition" JSONB NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "transformations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "custom_events" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "definition" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "custom_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "event_categories_project_id_name_key" ON "event_categories"("project_id", "name");

-- CreateIndex
CREATE INDEX "transformations_project_id_idx" ON "transformations"("project_id");

-- CreateIndex
CREATE INDEX "custom_events_project_id_idx" ON "custom_events"("project_id");
