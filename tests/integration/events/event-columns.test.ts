import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENT_COLUMNS, POSTGRES_TYPE } from "@/lib/events/event-columns";

// The column spec is the one description of the event table; the migrated `events` table
// must be exactly it, plus the two columns the database itself fills.
const DATABASE_COLUMNS = [
  { name: "id", type: "bigint", nullable: false },
  { name: "txid", type: "bigint", nullable: false },
];

describe("the events table", () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  it("has exactly the spec's columns, with their PostgreSQL types and nullability", async () => {
    const { rows } = await client.query<{ column_name: string; data_type: string; is_nullable: string }>(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = 'events' ORDER BY ordinal_position`,
    );
    const migrated = rows.map((row) => ({
      name: row.column_name,
      type: row.data_type,
      nullable: row.is_nullable === "YES",
    }));
    const specified = [
      ...DATABASE_COLUMNS,
      ...EVENT_COLUMNS.map((c) => ({ name: c.name, type: POSTGRES_TYPE[c.kind], nullable: c.nullable })),
    ];
    expect(migrated).toEqual(specified);
  });

  it("keeps arrays of text in the array column", async () => {
    const { rows } = await client.query<{ udt_name: string }>(
      `SELECT udt_name FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = 'events' AND data_type = 'ARRAY'`,
    );
    const arrays = EVENT_COLUMNS.filter((c) => c.kind === "string-array");
    expect(rows).toEqual(arrays.map(() => ({ udt_name: "_text" })));
  });
});
