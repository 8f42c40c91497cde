import pg from "pg";

/**
 * Every row of every table of the database at `url`, as one text: for tests that check a
 * value (a token, a numeric service principal id) was never stored anywhere.
 */
export async function databaseText(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    let text = "";
    for (const { table_name } of tables)
      text += JSON.stringify((await client.query(`SELECT * FROM "${table_name}"`)).rows, (_k, v: unknown) =>
        typeof v === "bigint" ? String(v) : v,
      );
    return text;
  } finally {
    await client.end();
  }
}
