// COPY INTO: loads files from a volume into a Delta table, skipping every file already
// loaded into that table (unless COPY_OPTIONS ('force' = 'true')), as Databricks does.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { duckTableName, quoteDuckIdentifier, type TableEngine } from "./engine.ts";
import { resultOf, type ExecutionContext, type StatementResult } from "./context.ts";
import { SqlError, sqlErrors } from "./errors.ts";
import { sqlString, translateQuery } from "./query.ts";
import { Cursor, SyntaxErrorAt, type Token } from "./tokenizer.ts";
import { databricksTypeName, duckTypeOf, typesCompatible } from "./types.ts";
import { fullName } from "./unity-catalog.ts";
import { parseVolumePath } from "./volumes.ts";

type CopySpec = {
  sourcePath: string;
  /** Token range of the SELECT inside FROM ( … ), when there is one. */
  select?: { from: number; to: number };
  format: "JSON" | "PARQUET";
  files?: string[];
  pattern?: string;
  copyOptions: Record<string, string>;
  /** VALIDATE [ALL | n ROWS]: read and cast the files, write nothing. */
  validate?: boolean;
};

function optionList(cursor: Cursor): Record<string, string> {
  const options: Record<string, string> = {};
  cursor.expectPunct("(");
  while (!cursor.acceptPunct(")")) {
    const key = cursor.string();
    cursor.expectPunct("=");
    const value = cursor.next();
    options[key] = value.text;
    cursor.acceptPunct(",");
  }
  return options;
}

function parseSpec(cursor: Cursor): CopySpec {
  cursor.expectWord("FROM");
  let sourcePath: string | undefined;
  let select: CopySpec["select"];
  if (cursor.acceptPunct("(")) {
    const from = cursor.i;
    let depth = 0;
    while (!(depth === 0 && cursor.isPunct(")"))) {
      const token = cursor.next();
      if (token.kind === "punct" && token.text === "(") depth++;
      if (token.kind === "punct" && token.text === ")") depth--;
      const previous = cursor.tokens[cursor.i - 2];
      if (depth === 0 && token.kind === "string" && previous?.kind === "word" && previous.upper === "FROM")
        sourcePath = token.text;
    }
    select = { from, to: cursor.i };
    cursor.expectPunct(")");
  } else {
    sourcePath = cursor.string();
  }
  if (!sourcePath) throw sqlErrors.syntax("FROM");
  const spec: CopySpec = { sourcePath, select, format: "JSON", copyOptions: {} };
  while (!cursor.done()) {
    if (cursor.acceptWords("FILEFORMAT")) {
      cursor.expectPunct("=");
      const format = cursor.identifier().toUpperCase();
      if (format !== "JSON" && format !== "PARQUET")
        throw sqlErrors.unsupported(`FILEFORMAT = ${format} is not supported by the emulator.`);
      spec.format = format;
    } else if (cursor.acceptWords("VALIDATE")) {
      spec.validate = true;
      if (!cursor.acceptWords("ALL")) {
        cursor.next(); // the number of rows
        cursor.expectWord("ROWS");
      }
    } else if (cursor.acceptWords("FILES")) {
      cursor.expectPunct("=");
      cursor.expectPunct("(");
      spec.files = [];
      do spec.files.push(cursor.string());
      while (cursor.acceptPunct(","));
      cursor.expectPunct(")");
      if (spec.files.length > 1000)
        throw new SqlError("COPY_INTO_FILES_LIMIT", "54000", "FILES can list at most 1000 files.");
    } else if (cursor.acceptWords("PATTERN")) {
      cursor.expectPunct("=");
      spec.pattern = cursor.string();
    } else if (cursor.acceptWords("FORMAT_OPTIONS")) {
      optionList(cursor); // accepted; the emulator reads JSON and Parquet with fixed options
    } else if (cursor.acceptWords("COPY_OPTIONS")) {
      spec.copyOptions = optionList(cursor);
    } else if (cursor.acceptPunct(";")) {
      break;
    } else {
      throw new SyntaxErrorAt(cursor.peek());
    }
  }
  return spec;
}

function globToRegExp(glob: string): RegExp {
  const source = glob
    .replace(/[.+^${}()|\\]/g, "\\$&")
    .replace(/\*/g, "[^/]*")
    .replace(/\?/g, "[^/]");
  return new RegExp(`^${source.replace(/\[!/g, "[^")}$`);
}

function listFilesRecursively(directory: string, prefix = ""): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFilesRecursively(path.join(directory, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

/** Spark never types a JSON string as a UUID, and types an always-empty array as array<string>. */
const sparkJsonType = (duckType: string) =>
  duckType.replace(/\bUUID\b/g, "VARCHAR").replace(/^JSON\[\]$/, "VARCHAR[]");

/**
 * The engine's table function reading the files. JSON is typed the way Spark's reader types
 * it: numbers, booleans, arrays and objects by their JSON type, and every string a string.
 * DuckDB's detection would also turn strings into DATE, TIMESTAMP or UUID, so the columns it
 * detects over all rows are read again with such strings typed as VARCHAR.
 */
async function readerFor(
  engine: TableEngine,
  format: CopySpec["format"],
  localFiles: string[],
): Promise<string> {
  const list = `[${localFiles.map(sqlString).join(", ")}]`;
  if (format === "PARQUET") return `read_parquet(${list}, union_by_name = true)`;
  const common = `format = 'newline_delimited', maximum_object_size = 67108864`;
  const detected = await engine.query(
    `DESCRIBE SELECT * FROM read_json(${list}, ${common}, union_by_name = true, sample_size = -1, dateformat = '%%', timestampformat = '%%')`,
  );
  const columns = detected.rows.map(
    ([name, type]) => `${sqlString(String(name))}: ${sqlString(sparkJsonType(String(type)))}`,
  );
  return `read_json(${list}, ${common}, columns = {${columns.join(", ")}})`;
}

// COPY INTOs of one table take turns, so that two sessions loading the same files at once
// still load each file once (Delta's commit protocol gives Databricks the same guarantee).
const tableTurns = new Map<string, Promise<unknown>>();

function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = tableTurns.get(key) ?? Promise.resolve();
  const result = previous.then(work, work);
  const settled = result.catch(() => undefined);
  tableTurns.set(key, settled);
  void settled.then(() => tableTurns.get(key) === settled && tableTurns.delete(key));
  return result;
}

export async function copyIntoStatement(
  sql: string,
  cursor: Cursor,
  ctx: ExecutionContext,
): Promise<StatementResult> {
  const target = ctx.uc.resolve(cursor.qualifiedName(), ctx.session);
  return oneAtATime(fullName(target).toLowerCase(), () => copyIntoTable(sql, cursor, ctx, target));
}

async function copyIntoTable(
  sql: string,
  cursor: Cursor,
  ctx: ExecutionContext,
  target: ReturnType<ExecutionContext["uc"]["resolve"]>,
): Promise<StatementResult> {
  const { uc, session, engine } = ctx;
  const spec = parseSpec(cursor);
  const source = parseVolumePath(spec.sourcePath, ctx.volumesDir);
  uc.requireOnTable(session.principal, "SELECT", target);
  const table = uc.requireOnTable(session.principal, "MODIFY", target);
  uc.requireOnVolume(session.principal, "READ VOLUME", source.volume);

  const isDirectory = existsSync(source.localPath) && statSync(source.localPath).isDirectory();
  let candidates: string[];
  if (spec.files) candidates = spec.files;
  else if (isDirectory) candidates = listFilesRecursively(source.localPath);
  else candidates = [""];
  if (spec.pattern) {
    const pattern = globToRegExp(spec.pattern);
    candidates = candidates.filter((file) => pattern.test(file));
  }
  const files = candidates.map((relative) => ({
    key: relative ? `${source.display}/${relative}` : source.display,
    localPath: relative ? path.join(source.localPath, relative) : source.localPath,
  }));
  for (const file of files) if (!existsSync(file.localPath)) throw sqlErrors.fileNotFound(file.key);

  const force = spec.copyOptions.force?.toLowerCase() === "true";
  const loaded = new Set(table.loadedFiles);
  const toLoad = files.filter((file) => spec.validate || force || !loaded.has(file.key));
  const answer = (inserted: number) =>
    resultOf(
      [
        ["num_affected_rows", "BIGINT"],
        ["num_inserted_rows", "BIGINT"],
        ["num_skipped_corrupt_files", "BIGINT"],
      ],
      [[inserted, inserted, 0]],
    );
  ctx.copyHook?.("before");
  if (toLoad.length === 0) return answer(0);

  const reader = await readerFor(
    engine,
    spec.format,
    toLoad.map((file) => file.localPath),
  ).catch((error: unknown) => {
    throw engineErrorToSql(error);
  });
  if (spec.select)
    await refuseIllegalCasts(engine, reader, cursor.tokens.slice(spec.select.from, spec.select.to));
  const selectSql = spec.select
    ? translateQuery(sql, cursor.tokens, spec.select.from, spec.select.to, ctx, { pathSource: () => reader })
    : `SELECT * FROM ${reader}`;
  const described = await engine.query(`DESCRIBE ${selectSql}`).catch((error: unknown) => {
    throw engineErrorToSql(error);
  });
  const tableTypes = new Map(
    table.columns.map((column) => [column.name.toLowerCase(), duckTypeOf(column.type)]),
  );
  for (const row of described.rows) {
    const [name, type] = [String(row[0]), String(row[1])];
    const targetType = tableTypes.get(name.toLowerCase());
    if (!targetType)
      throw sqlErrors.mergeFields(
        `column \`${name}\` is not in ${fullName(target)} (add it with ALTER TABLE … ADD COLUMNS).`,
      );
    if (!typesCompatible(type, targetType)) {
      throw sqlErrors.mergeFields(
        `column \`${name}\` of type ${type.toLowerCase()} cannot be written to a column of type ${targetType.toLowerCase()}; cast it in the SELECT.`,
      );
    }
  }
  const columns = described.rows.map((row) => quoteDuckIdentifier(String(row[0]))).join(", ");
  if (spec.validate) {
    // Every row read and cast as a load would, nothing written, no file recorded as loaded.
    await engine.query(`SELECT count(*) FROM (${selectSql})`).catch((error: unknown) => {
      throw engineErrorToSql(error);
    });
    return answer(0);
  }
  const [result] = await engine
    .transaction([
      `INSERT INTO ${duckTableName(target.catalog, target.schema, target.name)} (${columns}) SELECT ${columns} FROM (${selectSql})`,
    ])
    .catch((error: unknown) => {
      throw engineErrorToSql(error);
    });
  const inserted = Number(result?.rows[0]?.[0] ?? 0);
  for (const file of toLoad) loaded.add(file.key);
  table.loadedFiles = [...loaded];
  uc.save();
  ctx.copyHook?.("after");
  return answer(inserted);
}

/**
 * Databricks refuses a cast its rules do not allow, where DuckDB would try it: a STRING column of
 * the files (a JSON field Spark typed as a string, e.g. one that is null in every row) cannot be
 * cast to an ARRAY, nor a scalar to an ARRAY or MAP.
 * https://docs.databricks.com/aws/en/sql/language-manual/functions/cast
 * https://docs.databricks.com/aws/en/error-messages/datatype-mismatch-error-class
 */
async function refuseIllegalCasts(engine: TableEngine, reader: string, tokens: Token[]): Promise<void> {
  const sourceTypes = new Map(
    (await engine.query(`DESCRIBE SELECT * FROM ${reader}`)).rows.map(([name, type]) => [
      String(name).toLowerCase(),
      String(type),
    ]),
  );
  for (let i = 0; i + 4 < tokens.length; i++) {
    const [cast, open, column, as, target] = tokens.slice(i, i + 5) as Token[];
    if (!(cast!.kind === "word" && cast!.upper === "CAST" && open!.kind === "punct" && open!.text === "("))
      continue;
    if (
      !(column!.kind === "word" || column!.kind === "quoted") ||
      !(as!.kind === "word" && as!.upper === "AS")
    )
      continue;
    if (!(target!.kind === "word" && (target!.upper === "ARRAY" || target!.upper === "MAP"))) continue;
    const source = sourceTypes.get(column!.text.toLowerCase());
    if (!source || source.endsWith("[]") || source.startsWith("MAP(")) continue;
    const from = databricksTypeName(source).toUpperCase();
    throw new SqlError(
      "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION",
      "42K09",
      `Cannot resolve "CAST(${column!.text} AS ${target!.upper}<…>)" due to data type mismatch: cannot cast "${from}" to "${target!.upper}".`,
    );
  }
}

/** Databricks-style errors for what the embedded engine reports. */
export function engineErrorToSql(error: unknown): Error {
  if (error instanceof SqlError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // https://docs.databricks.com/aws/en/error-messages/error-classes#duplicated_map_key
  if (/Map keys must be unique/i.test(message))
    return new SqlError(
      "DUPLICATED_MAP_KEY",
      "23505",
      "Duplicate map key was found, please check the input data.",
    );
  if (/^Parser Error/i.test(message))
    return new SqlError("PARSE_SYNTAX_ERROR", "42601", message.replace(/^Parser Error:\s*/i, ""));
  if (/Referenced column .* not found|column .* does not exist/i.test(message))
    return new SqlError("UNRESOLVED_COLUMN", "42703", message.replace(/^Binder Error:\s*/i, ""));
  if (/^Conversion Error|Could not convert|Invalid Input Error: Malformed JSON/i.test(message))
    return new SqlError("CAST_INVALID_INPUT", "22018", message);
  if (/^Catalog Error: (Scalar|Aggregate|Table) Function/i.test(message))
    return new SqlError("UNRESOLVED_ROUTINE", "42883", message.replace(/^Catalog Error:\s*/i, ""));
  if (/^Binder Error/i.test(message))
    return new SqlError("UNRESOLVED_ROUTINE", "42883", message.replace(/^Binder Error:\s*/i, ""));
  return new SqlError("INTERNAL_ERROR", "XX000", message);
}
