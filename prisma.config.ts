import { defineConfig } from "prisma/config";

// The CLI (migrate, generate) reads the database URL from the environment; the dev and
// test launchers set DATABASE_URL to the embedded server when none is configured. Migrations
// need a direct connection (a transaction pooler such as PgBouncer breaks their advisory lock
// and prepared statements): DIRECT_DATABASE_URL when the app's DATABASE_URL is pooled.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
    seed: "tsx prisma/seed.ts",
  },
  datasource: {
    url: process.env.DIRECT_DATABASE_URL || process.env.DATABASE_URL || "",
  },
});
