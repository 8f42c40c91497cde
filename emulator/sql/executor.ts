// Runs one Databricks SQL statement for a session: dispatches on its shape, checks
// privileges, and answers rows with engine column types.
import { resultOf, type ExecutionContext, type StatementResult } from "./context.ts";
import { copyIntoStatement, engineErrorToSql } from "./copy-into.ts";
import {
  alterStatement,
  createStatement,
  describeStatement,
  dropStatement,
  showStatement,
  switchNamespaceStatement,
} from "./ddl.ts";
import { duckTableName, quoteDuckIdentifier } from "./engine.ts";
import { SqlError, sqlErrors } from "./errors.ts";
import { grantStatement, showGrantsStatement } from "./grants.ts";
import { translateQuery } from "./query.ts";
import { getStatement, listStatement, putStatement, removeStatement } from "./staging-statements.ts";
import { Cursor, SyntaxErrorAt, tokenize } from "./tokenizer.ts";

async function queryStatement(sql: string, cursor: Cursor, ctx: ExecutionContext): Promise<StatementResult> {
  const translated = translateQuery(sql, cursor.tokens, 0, cursor.tokens.length, ctx);
  return ctx.engine.query(translated).catch((error: unknown) => {
    throw engineErrorToSql(error);
  });
}

async function insertStatement(sql: string, cursor: Cursor, ctx: ExecutionContext): Promise<StatementResult> {
  if (!cursor.acceptWords("INTO")) cursor.acceptWords("OVERWRITE");
  cursor.acceptWords("TABLE");
  const target = ctx.uc.resolve(cursor.qualifiedName(), ctx.session);
  const table = ctx.uc.requireOnTable(ctx.session.principal, "MODIFY", target);
  let columns = "";
  if (
    cursor.isPunct("(") &&
    !(
      cursor.peek(1)?.kind === "word" &&
      ["SELECT", "WITH", "VALUES"].includes((cursor.peek(1) as { upper: string }).upper)
    )
  ) {
    cursor.expectPunct("(");
    const names: string[] = [];
    do names.push(cursor.identifier());
    while (cursor.acceptPunct(","));
    cursor.expectPunct(")");
    for (const name of names) {
      if (!table.columns.some((column) => column.name.toLowerCase() === name.toLowerCase()))
        throw sqlErrors.mergeFields(`column \`${name}\` is not in the table.`);
    }
    columns = ` (${names.map(quoteDuckIdentifier).join(", ")})`;
  }
  const body = translateQuery(sql, cursor.tokens, cursor.i, cursor.tokens.length, ctx);
  const result = await ctx.engine
    .query(`INSERT INTO ${duckTableName(target.catalog, target.schema, target.name)}${columns} ${body}`)
    .catch((error: unknown) => {
      throw engineErrorToSql(error);
    });
  const inserted = Number(result.rows[0]?.[0] ?? 0);
  return resultOf(
    [
      ["num_affected_rows", "BIGINT"],
      ["num_inserted_rows", "BIGINT"],
    ],
    [[inserted, inserted]],
  );
}

/**
 * `UPDATE table [alias] SET column = expr [, …] [WHERE …]` on a Delta table: needs MODIFY on
 * it, every SET column must be the table's, and it answers num_affected_rows, as Databricks
 * does (https://docs.databricks.com/aws/en/sql/language-manual/delta-update).
 */
async function updateStatement(sql: string, cursor: Cursor, ctx: ExecutionContext): Promise<StatementResult> {
  const target = ctx.uc.resolve(cursor.qualifiedName(), ctx.session);
  const table = ctx.uc.requireOnTable(ctx.session.principal, "MODIFY", target);
  if (table.view)
    throw sqlErrors.expectTableNotView("UPDATE", `${target.catalog}.${target.schema}.${target.name}`);
  let alias = "";
  cursor.acceptWords("AS");
  if (!cursor.isWord("SET")) alias = ` AS ${quoteDuckIdentifier(cursor.identifier())}`;
  const setAt = cursor.i;
  cursor.expectWord("SET");
  // Every assigned column must exist: SET a = …, b = … up to WHERE (or the end).
  let depth = 0;
  let expectColumn = true;
  for (let i = cursor.i; i < cursor.tokens.length; i++) {
    const token = cursor.tokens[i]!;
    if (token.kind === "punct" && token.text === "(") depth++;
    else if (token.kind === "punct" && token.text === ")") depth--;
    else if (depth === 0 && token.kind === "word" && token.upper === "WHERE") break;
    else if (depth === 0 && token.kind === "punct" && token.text === ",") expectColumn = true;
    else if (expectColumn) {
      const name = token.text.replace(/^`|`$/g, "");
      if (!table.columns.some((column) => column.name.toLowerCase() === name.toLowerCase()))
        throw sqlErrors.unresolvedColumn(name);
      expectColumn = false;
    }
  }
  const body = translateQuery(sql, cursor.tokens, setAt, cursor.tokens.length, ctx);
  const result = await ctx.engine
    .query(`UPDATE ${duckTableName(target.catalog, target.schema, target.name)}${alias} ${body}`)
    .catch((error: unknown) => {
      throw engineErrorToSql(error);
    });
  return resultOf([["num_affected_rows", "BIGINT"]], [[Number(result.rows[0]?.[0] ?? 0)]]);
}

/** Executes one statement; every failure is a SqlError with Databricks' class and SQLSTATE. */
export async function executeStatement(sql: string, ctx: ExecutionContext): Promise<StatementResult> {
  let cursor: Cursor;
  try {
    cursor = new Cursor(tokenize(sql));
  } catch (error) {
    throw sqlErrors.syntax(error instanceof Error ? error.message : String(error));
  }
  try {
    const first = cursor.peek();
    if (!first || first.kind !== "word") throw new SyntaxErrorAt(first);
    switch (first.upper) {
      case "SELECT":
      case "WITH":
      case "VALUES":
        return await queryStatement(sql, cursor, ctx);
      case "CREATE":
        cursor.next();
        return await createStatement(cursor, ctx, sql);
      case "DROP":
        cursor.next();
        return await dropStatement(cursor, ctx);
      case "ALTER":
        cursor.next();
        return await alterStatement(cursor, ctx, sql);
      case "DESCRIBE":
      case "DESC":
        cursor.next();
        return describeStatement(cursor, ctx);
      case "SHOW":
        cursor.next();
        if (cursor.acceptWords("GRANTS") || cursor.acceptWords("GRANT"))
          return showGrantsStatement(cursor, ctx);
        return showStatement(cursor, ctx);
      case "USE":
        cursor.next();
        return switchNamespaceStatement(cursor, ctx);
      case "GRANT":
      case "REVOKE":
        cursor.next();
        return grantStatement(cursor, ctx, first.upper === "REVOKE");
      case "PUT":
        cursor.next();
        return putStatement(cursor, ctx);
      case "GET":
        cursor.next();
        return getStatement(cursor, ctx);
      case "REMOVE":
        cursor.next();
        return removeStatement(cursor, ctx);
      case "LIST":
      case "LS":
        cursor.next();
        return listStatement(cursor, ctx);
      case "COPY":
        cursor.next();
        cursor.expectWord("INTO");
        return await copyIntoStatement(sql, cursor, ctx);
      case "INSERT":
        cursor.next();
        return await insertStatement(sql, cursor, ctx);
      case "UPDATE":
        cursor.next();
        return await updateStatement(sql, cursor, ctx);
      default:
        throw new SyntaxErrorAt(first);
    }
  } catch (error) {
    if (error instanceof SyntaxErrorAt) throw sqlErrors.syntax(error.token?.text ?? "end of input");
    if (error instanceof SqlError) throw error;
    throw engineErrorToSql(error);
  }
}
