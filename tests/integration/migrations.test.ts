import { describe, expect, it } from "vitest";
import pg from "pg";
import { runPrisma } from "../../scripts/prisma.mjs";
import { withEmptyDatabase } from "@/tests/support/empty-database";

describe("migrations", () => {
  it("migrate an empty database to exactly the current schema", async () => {
    await withEmptyDatabase("deltaport_migrate", async (url) => {
      const env = { ...process.env, DATABASE_URL: url };
      const prisma = (...args: string[]) => runPrisma(args, env, { quiet: true });
      expect(prisma("migrate", "deploy")).toMatchObject({ status: 0 });
      expect(prisma("migrate", "status")).toMatchObject({
        status: 0,
        output: expect.stringMatching(/up to date/),
      });
      // Exit code 2 would mean that the migrated database differs from prisma/schema.prisma.
      expect(
        prisma(
          "migrate",
          "diff",
          "--from-config-datasource",
          "--to-schema",
          "prisma/schema.prisma",
          "--exit-code",
        ),
      ).toMatchObject({
        status: 0,
      });

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
      );
      await client.end();
      expect(rows.map((row) => row.table_name)).toEqual(
        expect.arrayContaining([
          "AuditEvent",
          "Membership",
          "Organization",
          "Project",
          "User",
          "_prisma_migrations",
        ]),
      );
    });
  });

  it("report a database that is behind the migrations", async () => {
    await withEmptyDatabase("deltaport_migrate", async (url) => {
      const env = { ...process.env, DATABASE_URL: url };
      const status = runPrisma(["migrate", "status"], env, { quiet: true });
      expect(status.status).not.toBe(0);
      expect(status.output).toMatch(/have not yet been applied/);
      // …and that differs from the schema (exit code 2), with the SQL that would fix it.
      const diff = runPrisma(
        [
          "migrate",
          "diff",
          "--from-config-datasource",
          "--to-schema",
          "prisma/schema.prisma",
          "--script",
          "--exit-code",
        ],
        env,
        { quiet: true },
      );
      expect(diff.status).toBe(2);
      expect(diff.output).toContain('CREATE TABLE "events"');
    });
  });
});
