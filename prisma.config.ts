import { defineConfig } from "prisma/config";

// The CLI (migrate, generate) reads the database URL from the environment; the dev and
// test launchers set DATABASE_URL to the embedded server when none is configured.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
    seed: "tsx prisma/seed.ts",
  },
  datasource: {
    url: process.env.DATABASE_URL ?? "",
  },
});
