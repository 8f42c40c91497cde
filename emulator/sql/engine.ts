// The embedded engine (DuckDB) that holds table rows. Each Unity Catalog schema `c.s` is a
// DuckDB schema named "c.s"; privilege checks and names are the executor's business.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { duckTypeOf } from "./types.ts";
import type { Column } from "../state.ts";

export type QueryResult = { columns: { name: string; type: string }[]; rows: unknown[][] };

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

export function duckTableName(catalog: string, schema: string, table: string): string {
  return `${quote(`${catalog}.${schema}`)}.${quote(table)}`;
}

export class TableEngine {
  // One DuckDB connection serves every session: statements (and transactions) take turns, as
  // two interleaved on one connection would share, or roll back, each other's transaction.
  private turn: Promise<unknown> = Promise.resolve();

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work, work);
    this.turn = result.catch(() => undefined);
    return result;
  }

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Opens the engine on a file (standalone, persistent) or in memory (tests). */
  static async open(file: string | null): Promise<TableEngine> {
    const instance = await DuckDBInstance.create(file ?? ":memory:");
    const connection = await instance.connect();
    // A SQL warehouse's sessions are in UTC unless told otherwise, and so are the engine's
    // (ICU is built into DuckDB's Node binding: without this, TIMESTAMP values would be shown
    // and cast in the host's time zone).
    // https://docs.databricks.com/aws/en/sql/language-manual/parameters/timezone
    await connection.run("SET TimeZone = 'UTC'");
    return new TableEngine(instance, connection);
  }

  query(sql: string): Promise<QueryResult> {
    return this.exclusive(() => this.queryNow(sql));
  }

  private async queryNow(sql: string): Promise<QueryResult> {
    const reader = await this.connection.runAndReadAll(sql);
    const names = reader.columnNames();
    const types = reader.columnTypes().map((type) => type.toString());
    return {
      columns: names.map((name, i) => ({ name, type: types[i]! })),
      rows: reader.getRowsJson() as unknown[][],
    };
  }

  run(sql: string): Promise<void> {
    return this.exclusive(async () => {
      await this.connection.run(sql);
    });
  }

  /** Runs `statements` (in order) in one DuckDB transaction, all of it or nothing; returns each result. */
  transaction(statements: string[]): Promise<QueryResult[]> {
    return this.exclusive(async () => {
      await this.connection.run("BEGIN TRANSACTION");
      try {
        const results = [];
        for (const statement of statements) results.push(await this.queryNow(statement));
        await this.connection.run("COMMIT");
        return results;
      } catch (error) {
        await this.connection.run("ROLLBACK");
        throw error;
      }
    });
  }

  async createTable(catalog: string, schema: string, table: string, columns: Column[]): Promise<void> {
    await this.run(`CREATE SCHEMA IF NOT EXISTS ${quote(`${catalog}.${schema}`)}`);
    const definitions = columns
      .map((column) => `${quote(column.name)} ${duckTypeOf(column.type)}`)
      .join(", ");
    await this.run(`CREATE TABLE ${duckTableName(catalog, schema, table)} (${definitions})`);
  }

  async addColumns(catalog: string, schema: string, table: string, columns: Column[]): Promise<void> {
    for (const column of columns) {
      await this.run(
        `ALTER TABLE ${duckTableName(catalog, schema, table)} ADD COLUMN ${quote(column.name)} ${duckTypeOf(column.type)}`,
      );
    }
  }

  async dropTable(catalog: string, schema: string, table: string): Promise<void> {
    await this.run(`DROP TABLE IF EXISTS ${duckTableName(catalog, schema, table)}`);
  }

  async dropView(catalog: string, schema: string, view: string): Promise<void> {
    await this.run(`DROP VIEW IF EXISTS ${duckTableName(catalog, schema, view)}`);
  }

  async countRows(catalog: string, schema: string, table: string): Promise<number> {
    const { rows } = await this.query(`SELECT count(*) FROM ${duckTableName(catalog, schema, table)}`);
    return Number(rows[0]?.[0] ?? 0);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

export { quote as quoteDuckIdentifier };
