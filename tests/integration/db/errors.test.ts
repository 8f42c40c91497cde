import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { isUniqueViolation } from "@/lib/db/errors";
import { db } from "@/lib/db/prisma";

// Unique violations are recognised by code; these are the errors the real clients raise.
describe("isUniqueViolation", () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  afterAll(() => client.end());

  const organization = { slug: `unique-${Date.now()}`, name: "Unique test" };

  it("recognises Prisma's error for a duplicate key", async () => {
    await db.organization.create({ data: organization });
    const error = await db.organization.create({ data: organization }).catch((caught: unknown) => caught);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it("recognises node-postgres' error for a duplicate key", async () => {
    await client.connect();
    const error = await client
      .query(`INSERT INTO "Organization" (id, slug, name) VALUES ('dup', $1, 'x')`, [organization.slug])
      .catch((caught: unknown) => caught);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it("does not take other database errors for one", async () => {
    const error = await db.$queryRawUnsafe("SELECT * FROM no_such_table").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(isUniqueViolation(error)).toBe(false);
    expect(isUniqueViolation(new Error("Unique constraint failed"))).toBe(false);
  });
});
