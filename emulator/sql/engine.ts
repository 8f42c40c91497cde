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
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Opens the engine on a file (standalone, persistent) or in memory (tests). */
  static async open(file: string | null): Promise<TableEngine> {
    // Without the ICU extension (not bundled, and not downloadable here) DuckDB shows
    // TIMESTAMPTZ values in UTC, which is what Databricks does in a UTC session.
    const instance = await DuckDBInstance.create(file ?? ":memory:");
    const connection = await instance.connect();
    return new TableEngine(instance, connection);
  }

  async query(sql: string): Promise<QueryResult> {
    const reader = await this.connection.runAndReadAll(sql);
    const names = reader.columnNames();
    const types = reader.columnTypes().map((type) => type.toString());
    return { columns: names.map((name, i) => ({ name, type: types[i]! })), rows: reader.getRowsJson() as unknown[][] };
  }

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  /** Runs `body` in one DuckDB transaction: all of it or nothing. */
  async transaction<T>(body: () => Promise<T>): Promise<T> {
    await this.run("BEGIN TRANSACTION");
    try {
      const result = await body();
      await this.run("COMMIT");
      return result;
    } catch (error) {
      await this.run("ROLLBACK");
      throw error;
    }
  }

  async createTable(catalog: string, schema: string, table: string, columns: Column[]): Promise<void> {
    await this.run(`CREATE SCHEMA IF NOT EXISTS ${quote(`${catalog}.${schema}`)}`);
    const definitions = columns.map((column) => `${quote(column.name)} ${duckTypeOf(column.type)}`).join(", ");
    await this.run(`CREATE TABLE ${duckTableName(catalog, schema, table)} (${definitions})`);
  }

  async addColumns(catalog: string, schema: string, table: string, columns: Column[]): Promise<void> {
    for (const column of columns) {
      await this.run(`ALTER TABLE ${duckTableName(catalog, schema, table)} ADD COLUMN ${quote(column.name)} ${duckTypeOf(column.type)}`);
    }
  }

  async dropTable(catalog: string, schema: string, table: string): Promise<void> {
    await this.run(`DROP TABLE IF EXISTS ${duckTableName(catalog, schema, table)}`);
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
