-- One live destination per workspace table, within an organization: another organization can
-- neither block a table by claiming it first nor learn that it is taken.
ALTER TABLE "Destination" ADD COLUMN "organizationId" TEXT;

UPDATE "Destination" AS d SET "organizationId" = p."organizationId" FROM "Project" AS p WHERE p."id" = d."projectId";

ALTER TABLE "Destination" ALTER COLUMN "organizationId" SET NOT NULL;

DROP INDEX "Destination_live_table_key";

CREATE UNIQUE INDEX "Destination_live_table_key" ON "Destination" ("organizationId", lower("workspaceHost"), lower("catalog"), lower("schema"), lower("table")) WHERE "deletedAt" IS NULL;
