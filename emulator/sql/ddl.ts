// CREATE / DROP / ALTER / DESCRIBE / SHOW / USE: Unity Catalog objects and their tables.
import { rmSync } from "node:fs";
import type { Column } from "../state.ts";
import { NO_ROWS, resultOf, type ExecutionContext, type StatementResult } from "./context.ts";
import { SqlError, sqlErrors } from "./errors.ts";
import { Cursor, SyntaxErrorAt } from "./tokenizer.ts";
import { duckTableName, quoteDuckIdentifier } from "./engine.ts";
import { engineErrorToSql } from "./copy-into.ts";
import { translateQuery } from "./query.ts";
import { databricksTypeName, duckTypeOf, normaliseType } from "./types.ts";
import { fullName, ucKey } from "./unity-catalog.ts";
import { parseVolumePath } from "./volumes.ts";

const isVariant = (column: Column) => normaliseType(column.type) === "VARIANT";

/**
 * A table with a VARIANT column needs the variantType table feature: CREATE TABLE turns it on by
 * itself, but adding a VARIANT column to an existing table requires turning it on first.
 * https://docs.databricks.com/aws/en/tables/features/variant
 */
const variantFeatureRequired = (table: string) =>
  new SqlError(
    "DELTA_FEATURES_REQUIRE_MANUAL_ENABLEMENT",
    "0AKDE",
    `Your table schema requires manually enablement of the following table feature(s): variantType. To do this, run ALTER TABLE ${table} SET TBLPROPERTIES ('delta.feature.variantType' = 'supported').`,
  );

/** `('key' = 'value', …)`: the table features it turns on (`delta.feature.<name>` = 'supported'). */
function parseFeatureProperties(cursor: Cursor): string[] {
  const features: string[] = [];
  cursor.expectPunct("(");
  do {
    const key = cursor.string();
    cursor.expectPunct("=");
    const value = cursor.string();
    const feature = /^delta\.feature\.(.+)$/i.exec(key)?.[1];
    if (feature && /^(supported|enabled)$/i.test(value)) features.push(feature.replace(/-preview$/i, ""));
  } while (cursor.acceptPunct(","));
  cursor.expectPunct(")");
  return features;
}

/**
 * `CLUSTER BY (a, b)`: liquid clustering keys must be columns of the table, and not VARIANT.
 * https://docs.databricks.com/aws/en/delta/clustering
 */
function parseClusterBy(cursor: Cursor, columns: Column[], table: string): string[] {
  cursor.expectPunct("(");
  const keys: string[] = [];
  do keys.push(cursor.identifier());
  while (cursor.acceptPunct(","));
  cursor.expectPunct(")");
  for (const key of keys) {
    const column = columns.find((c) => c.name.toLowerCase() === key.toLowerCase());
    if (!column)
      throw new SqlError(
        "DELTA_COLUMN_NOT_FOUND_IN_SCHEMA",
        "42703",
        `Unable to find the column \`${key}\` of the clustering columns in the schema of ${table}.`,
      );
    if (isVariant(column))
      throw new SqlError(
        "DELTA_CLUSTERING_COLUMNS_DATATYPE_NOT_SUPPORTED",
        "0A000",
        `CLUSTER BY is not supported because the following column(s): ${key} : VARIANT don't support data skipping.`,
      );
  }
  return keys;
}

/** `name TYPE [NOT NULL] [COMMENT '…'], …` up to the closing parenthesis. */
function parseColumns(cursor: Cursor): Column[] {
  const columns: Column[] = [];
  do {
    const name = cursor.identifier();
    let type = "";
    let depth = 0;
    while (!cursor.done()) {
      const t = cursor.peek()!;
      if (depth === 0 && t.kind === "punct" && (t.text === "," || t.text === ")")) break;
      if (depth === 0 && t.kind === "word" && ["NOT", "COMMENT", "DEFAULT", "GENERATED"].includes(t.upper))
        break;
      if (t.kind === "punct" && (t.text === "<" || t.text === "(")) depth++;
      if (t.kind === "punct" && (t.text === ">" || t.text === ")")) depth--;
      type += t.text;
      cursor.next();
    }
    if (!type) throw new SyntaxErrorAt(cursor.peek());
    duckTypeOf(type); // rejects unsupported types now, with Databricks' error
    columns.push({ name, type: normaliseType(type) });
    // Constraints and comments are accepted and not kept.
    while (!cursor.done() && !cursor.isPunct(",") && !cursor.isPunct(")")) cursor.next();
  } while (cursor.acceptPunct(","));
  return columns;
}

export async function createStatement(
  cursor: Cursor,
  ctx: ExecutionContext,
  sql: string,
): Promise<StatementResult> {
  const { uc, session } = ctx;
  const principal = session.principal;
  const orReplace = cursor.acceptWords("OR", "REPLACE");
  if (cursor.acceptWords("VIEW")) return createView(cursor, ctx, sql, orReplace);
  if (cursor.acceptWords("CATALOG")) {
    const ifNotExists = cursor.acceptWords("IF", "NOT", "EXISTS");
    const name = ucKey(cursor.identifier());
    if (!principal.isAdmin)
      throw sqlErrors.insufficientPermissions("CREATE CATALOG", "Metastore", "metastore");
    if (uc.catalogs[name]) {
      if (ifNotExists) return NO_ROWS;
      throw sqlErrors.alreadyExists("catalog", name);
    }
    uc.catalogs[name] = { owner: principal.name, grants: {}, schemas: {} };
    uc.save();
    return NO_ROWS;
  }
  if (cursor.acceptWords("SCHEMA") || cursor.acceptWords("DATABASE")) {
    const ifNotExists = cursor.acceptWords("IF", "NOT", "EXISTS");
    const parts = cursor.qualifiedName().map(ucKey);
    const [catalog, schema] = parts.length === 2 ? parts : [session.catalog, parts[0]!];
    uc.requireOnCatalog(principal, "CREATE SCHEMA", catalog!);
    const schemas = uc.catalog(catalog!).schemas;
    if (schemas[schema!]) {
      if (ifNotExists) return NO_ROWS;
      throw sqlErrors.alreadyExists("schema", `${catalog}.${schema}`);
    }
    schemas[schema!] = { owner: principal.name, grants: {}, tables: {}, volumes: {} };
    uc.save();
    return NO_ROWS;
  }
  if (cursor.acceptWords("VOLUME")) {
    const ifNotExists = cursor.acceptWords("IF", "NOT", "EXISTS");
    const name = uc.resolve(cursor.qualifiedName(), session);
    uc.requireOnSchema(principal, "CREATE VOLUME", name.catalog, name.schema);
    const volumes = uc.schema(name.catalog, name.schema).volumes;
    if (volumes[name.name]) {
      if (ifNotExists) return NO_ROWS;
      throw sqlErrors.alreadyExists("volume", fullName(name));
    }
    volumes[name.name] = { owner: principal.name, grants: {} };
    uc.save();
    return NO_ROWS;
  }
  if (cursor.acceptWords("TABLE")) {
    const ifNotExists = cursor.acceptWords("IF", "NOT", "EXISTS");
    const name = uc.resolve(cursor.qualifiedName(), session);
    uc.requireOnSchema(principal, "CREATE TABLE", name.catalog, name.schema);
    const tables = uc.schema(name.catalog, name.schema).tables;
    if (tables[name.name]) {
      if (ifNotExists) return NO_ROWS;
      throw sqlErrors.alreadyExists("table", fullName(name));
    }
    cursor.expectPunct("(");
    const columns = parseColumns(cursor);
    cursor.expectPunct(")");
    const features = columns.some(isVariant) ? ["variantType"] : [];
    let clusterBy: string[] | undefined;
    while (!cursor.done() && !cursor.isPunct(";")) {
      if (cursor.acceptWords("USING")) {
        const format = cursor.identifier().toUpperCase();
        if (format !== "DELTA")
          throw sqlErrors.unsupported(`Tables USING ${format} are not supported; use DELTA.`);
      } else if (cursor.acceptWords("CLUSTER", "BY")) {
        clusterBy = parseClusterBy(cursor, columns, fullName(name));
      } else if (cursor.acceptWords("TBLPROPERTIES")) {
        features.push(...parseFeatureProperties(cursor));
      } else if (cursor.acceptWords("COMMENT")) {
        cursor.string();
      } else {
        throw new SyntaxErrorAt(cursor.peek());
      }
    }
    await ctx.engine.createTable(name.catalog, name.schema, name.name, columns);
    tables[name.name] = {
      owner: principal.name,
      grants: {},
      columns,
      loadedFiles: [],
      createdAt: new Date().toISOString(),
      features: [...new Set(features)],
      ...(clusterBy ? { clusterBy } : {}),
    };
    uc.save();
    return NO_ROWS;
  }
  throw new SyntaxErrorAt(cursor.peek());
}

/**
 * `CREATE [OR REPLACE] VIEW [IF NOT EXISTS] name AS query`: needs CREATE TABLE on the schema and
 * SELECT on every table the query reads, and the view is owned by its creator, as in Unity
 * Catalog. Replacing a view needs its ownership and drops the grants on it; IF NOT EXISTS
 * leaves an existing view as it is.
 * https://docs.databricks.com/aws/en/sql/language-manual/sql-ref-syntax-ddl-create-view
 */
async function createView(cursor: Cursor, ctx: ExecutionContext, sql: string, orReplace: boolean) {
  const { uc, session } = ctx;
  const ifNotExists = cursor.acceptWords("IF", "NOT", "EXISTS");
  const name = uc.resolve(cursor.qualifiedName(), session);
  uc.requireOnSchema(session.principal, "CREATE TABLE", name.catalog, name.schema);
  const existing = uc.schema(name.catalog, name.schema).tables[name.name];
  if (existing && ifNotExists) return NO_ROWS;
  if (existing && !(orReplace && existing.view)) throw sqlErrors.alreadyExists("table", fullName(name));
  // Only a view's owner may change its definition (https://docs.databricks.com/aws/en/views/create-views).
  if (existing) uc.requireOwner(session.principal, existing, "TABLE", fullName(name));
  cursor.expectWord("AS");
  await defineView(ctx, sql, cursor, name, { owner: existing?.owner ?? session.principal.name, grants: {} });
  return NO_ROWS;
}

/**
 * `ALTER VIEW name AS query`: the owner changes a view's query; its grants stay.
 * https://docs.databricks.com/aws/en/sql/language-manual/sql-ref-syntax-ddl-alter-view
 */
async function alterView(cursor: Cursor, ctx: ExecutionContext, sql: string) {
  const { uc, session } = ctx;
  const name = uc.resolve(cursor.qualifiedName(), session);
  uc.requireUsage(session.principal, name.catalog, name.schema);
  const existing = uc.table(name);
  if (!existing.view) throw sqlErrors.expectViewNotTable("ALTER VIEW", fullName(name));
  uc.requireOwner(session.principal, existing, "TABLE", fullName(name));
  cursor.expectWord("AS");
  await defineView(ctx, sql, cursor, name, { owner: existing.owner, grants: existing.grants });
  return NO_ROWS;
}

/** Makes the engine's view of the query after AS, and records it in the catalog. */
async function defineView(
  ctx: ExecutionContext,
  sql: string,
  cursor: Cursor,
  name: ReturnType<ExecutionContext["uc"]["resolve"]>,
  keep: { owner: string; grants: Record<string, string[]> },
) {
  const { uc } = ctx;
  const tables = uc.schema(name.catalog, name.schema).tables;
  const query = translateQuery(sql, cursor.tokens, cursor.i, cursor.tokens.length, ctx);
  const view = duckTableName(name.catalog, name.schema, name.name);
  await ctx.engine.run(
    `CREATE SCHEMA IF NOT EXISTS ${quoteDuckIdentifier(`${name.catalog}.${name.schema}`)}`,
  );
  await ctx.engine.run(`CREATE OR REPLACE VIEW ${view} AS ${query}`).catch((error: unknown) => {
    throw engineErrorToSql(error);
  });
  const described = await ctx.engine.query(`SELECT * FROM ${view} LIMIT 0`);
  tables[name.name] = {
    ...keep,
    columns: described.columns.map((column) => ({
      name: column.name,
      type: databricksTypeName(column.type),
    })),
    loadedFiles: [],
    createdAt: new Date().toISOString(),
    features: [],
    view: true,
  };
  uc.save();
}

export async function dropStatement(cursor: Cursor, ctx: ExecutionContext): Promise<StatementResult> {
  const { uc, session } = ctx;
  const kind = cursor.next();
  const upper = kind.kind === "word" ? kind.upper : "";
  const ifExists = cursor.acceptWords("IF", "EXISTS");
  const parts = cursor.qualifiedName().map(ucKey);
  cursor.acceptWords("CASCADE");
  try {
    if (upper === "VIEW") {
      // DROP VIEW: the view's owner, and only a view.
      // https://docs.databricks.com/aws/en/sql/language-manual/sql-ref-syntax-ddl-drop-view
      const name = uc.resolve(parts, session);
      uc.requireUsage(session.principal, name.catalog, name.schema);
      const view = uc.table(name);
      if (!view.view) throw sqlErrors.expectViewNotTable("DROP VIEW", fullName(name));
      uc.requireOwner(session.principal, view, "TABLE", fullName(name));
      await ctx.engine.dropView(name.catalog, name.schema, name.name);
      delete uc.schema(name.catalog, name.schema).tables[name.name];
    } else if (upper === "TABLE" || upper === "VOLUME") {
      const name = uc.resolve(parts, session);
      uc.requireUsage(session.principal, name.catalog, name.schema);
      const schema = uc.schema(name.catalog, name.schema);
      const object = upper === "TABLE" ? uc.table(name) : uc.volume(name);
      if (upper === "TABLE" && "view" in object && object.view)
        throw sqlErrors.expectTableNotView("DROP TABLE", fullName(name));
      uc.requireOwner(session.principal, object, upper, fullName(name));
      if (upper === "TABLE") {
        await ctx.engine.dropTable(name.catalog, name.schema, name.name);
        delete schema.tables[name.name];
      } else {
        rmSync(
          parseVolumePath(`/Volumes/${name.catalog}/${name.schema}/${name.name}`, ctx.volumesDir).localPath,
          { recursive: true, force: true },
        );
        delete schema.volumes[name.name];
      }
    } else if (upper === "SCHEMA" || upper === "DATABASE") {
      const [catalog, schemaName] = parts.length === 2 ? parts : [session.catalog, parts[0]!];
      const schema = uc.schema(catalog!, schemaName!);
      uc.requireOwner(session.principal, schema, "SCHEMA", `${catalog}.${schemaName}`);
      for (const table of Object.keys(schema.tables))
        await ctx.engine.dropTable(catalog!, schemaName!, table);
      delete uc.catalog(catalog!).schemas[schemaName!];
    } else if (upper === "CATALOG") {
      const catalog = uc.catalog(parts[0]!);
      uc.requireOwner(session.principal, catalog, "CATALOG", parts[0]!);
      for (const [schemaName, schema] of Object.entries(catalog.schemas)) {
        for (const table of Object.keys(schema.tables))
          await ctx.engine.dropTable(parts[0]!, schemaName, table);
      }
      delete uc.catalogs[parts[0]!];
    } else {
      throw new SyntaxErrorAt(kind);
    }
  } catch (error) {
    const notFound = error instanceof Error && /NOT_FOUND|NO_SUCH_CATALOG/.test(error.message);
    if (ifExists && notFound) return NO_ROWS;
    throw error;
  }
  uc.save();
  return NO_ROWS;
}

export async function alterStatement(
  cursor: Cursor,
  ctx: ExecutionContext,
  sql: string,
): Promise<StatementResult> {
  const { uc, session } = ctx;
  if (cursor.acceptWords("VIEW")) return alterView(cursor, ctx, sql);
  cursor.expectWord("TABLE");
  const name = uc.resolve(cursor.qualifiedName(), session);
  uc.requireUsage(session.principal, name.catalog, name.schema);
  const table = uc.table(name);
  if (table.owner !== session.principal.name) uc.requireOnTable(session.principal, "MODIFY", name);
  if (cursor.acceptWords("SET", "TBLPROPERTIES")) {
    const features = parseFeatureProperties(cursor);
    cursor.expectEnd();
    table.features = [...new Set([...(table.features ?? []), ...features])];
    uc.save();
    return NO_ROWS;
  }
  if (!cursor.acceptWords("ADD", "COLUMNS") && !cursor.acceptWords("ADD", "COLUMN"))
    throw new SyntaxErrorAt(cursor.peek());
  const parenthesised = cursor.acceptPunct("(");
  const columns = parseColumns(cursor);
  if (parenthesised) cursor.expectPunct(")");
  cursor.expectEnd();
  for (const column of columns) {
    if (table.columns.some((existing) => existing.name.toLowerCase() === column.name.toLowerCase())) {
      throw new SqlError(
        "FIELD_ALREADY_EXISTS",
        "42710",
        `Cannot add column, because \`${column.name}\` already exists in ${fullName(name)}.`,
      );
    }
  }
  if (columns.some(isVariant) && !table.features?.includes("variantType"))
    throw variantFeatureRequired(fullName(name));
  await ctx.engine.addColumns(name.catalog, name.schema, name.name, columns);
  table.columns.push(...columns);
  uc.save();
  return NO_ROWS;
}

export function describeStatement(cursor: Cursor, ctx: ExecutionContext): StatementResult {
  cursor.acceptWords("TABLE");
  cursor.acceptWords("EXTENDED");
  const name = ctx.uc.resolve(cursor.qualifiedName(), ctx.session);
  const table = ctx.uc.requireOnTable(ctx.session.principal, "SELECT", name);
  return resultOf(
    [
      ["col_name", "VARCHAR"],
      ["data_type", "VARCHAR"],
      ["comment", "VARCHAR"],
    ],
    table.columns.map((column) => [column.name, column.type.toLowerCase(), null]),
  );
}

export function showStatement(cursor: Cursor, ctx: ExecutionContext): StatementResult {
  const { uc, session } = ctx;
  const principal = session.principal;
  if (cursor.acceptWords("CATALOGS")) {
    return resultOf(
      [["catalog", "VARCHAR"]],
      Object.keys(uc.catalogs).map((name) => [name]),
    );
  }
  if (cursor.acceptWords("SCHEMAS") || cursor.acceptWords("DATABASES")) {
    const catalog =
      cursor.acceptWords("IN") || cursor.acceptWords("FROM") ? cursor.identifier() : session.catalog;
    uc.requireUsage(principal, catalog);
    return resultOf(
      [["databaseName", "VARCHAR"]],
      Object.keys(uc.catalog(catalog).schemas).map((name) => [name]),
    );
  }
  if (cursor.acceptWords("TABLES") || cursor.acceptWords("VOLUMES")) {
    const volumes = cursor.tokens[cursor.i - 1]!.text.toUpperCase() === "VOLUMES";
    const parts =
      cursor.acceptWords("IN") || cursor.acceptWords("FROM") ? cursor.qualifiedName() : [session.schema];
    const [catalog, schemaName] = parts.length === 2 ? parts : [session.catalog, parts[0]!];
    uc.requireUsage(principal, catalog!, schemaName!);
    const schema = uc.schema(catalog!, schemaName!);
    if (volumes)
      return resultOf(
        [
          ["database", "VARCHAR"],
          ["volume_name", "VARCHAR"],
        ],
        Object.keys(schema.volumes).map((name) => [schemaName, name]),
      );
    const visible = Object.keys(schema.tables).filter((name) =>
      uc.canSee(principal, { catalog: catalog!, schema: schemaName!, name }),
    );
    return resultOf(
      [
        ["database", "VARCHAR"],
        ["tableName", "VARCHAR"],
        ["isTemporary", "BOOLEAN"],
      ],
      visible.map((name) => [schemaName, name, false]),
    );
  }
  throw new SyntaxErrorAt(cursor.peek());
}

export function switchNamespaceStatement(cursor: Cursor, ctx: ExecutionContext): StatementResult {
  const { uc, session } = ctx;
  if (cursor.acceptWords("CATALOG")) {
    const catalog = cursor.identifier();
    uc.requireUsage(session.principal, catalog);
    session.catalog = ucKey(catalog);
    return NO_ROWS;
  }
  if (!cursor.acceptWords("SCHEMA")) cursor.acceptWords("DATABASE");
  const parts = cursor.qualifiedName();
  const [catalog, schema] = parts.length === 2 ? parts : [session.catalog, parts[0]!];
  uc.requireUsage(session.principal, catalog!, schema!);
  session.catalog = ucKey(catalog!);
  session.schema = ucKey(schema!);
  return NO_ROWS;
}
