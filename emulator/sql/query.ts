// Translates a Databricks query (SELECT, or the body of INSERT / COPY INTO) for the embedded
// engine: table names become the engine's names after a privilege check, `backtick`
// identifiers and string literals are re-quoted, named parameters become literals, and the
// few Databricks-only functions we need are mapped.
import { duckTableName } from "./engine.ts";
import { duckTypeOf } from "./types.ts";
import { sqlErrors } from "./errors.ts";
import { SyntaxErrorAt, type Token } from "./tokenizer.ts";
import type { ExecutionContext } from "./context.ts";

const FUNCTION_MAP: Record<string, string> = {
  PARSE_JSON: "json",
  NVL: "coalesce",
  SIZE: "len",
  CURRENT_TIMESTAMP: "now",
  ARRAY: "list_value",
  // Higher-order functions take the same `x -> expr` lambdas in the engine.
  TRANSFORM: "list_transform",
  FILTER: "list_filter",
  MAP_CONTAINS_KEY: "map_contains",
  REGEXP_LIKE: "regexp_matches",
};
const TYPED_LITERALS = new Set(["TIMESTAMP", "TIMESTAMP_NTZ", "DATE"]);
const CLAUSE_END = new Set([
  "WHERE",
  "GROUP",
  "ORDER",
  "LIMIT",
  "HAVING",
  "UNION",
  "EXCEPT",
  "INTERSECT",
  "WINDOW",
  "QUALIFY",
  "ON",
  "USING",
  "JOIN",
  "INNER",
  "LEFT",
  "RIGHT",
  "FULL",
  "CROSS",
  "SELECT",
  "VALUES",
]);

export const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;
const duckIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

export type TranslateOptions = {
  /** Replaces a string literal that stands where a table would (COPY INTO's FROM 'path'). */
  pathSource?: (path: string) => string;
  /** The privilege a referenced table needs (SELECT for reads). */
  privilege?: string;
};

/** Translates tokens[from, to) of `sql`; returns engine SQL. */
export function translateQuery(
  sql: string,
  tokens: Token[],
  from: number,
  to: number,
  ctx: ExecutionContext,
  options: TranslateOptions = {},
): string {
  let out = "";
  let previousEnd = tokens[from]?.start ?? 0;
  // Per parenthesis depth: whether a SELECT opened there (so FROM names tables), and whether
  // we are inside that level's FROM clause (so a comma introduces another table).
  const selectAtDepth: boolean[] = [false];
  const fromAtDepth: boolean[] = [false];
  let expectTable = false;
  // Parenthesis depths opened by CAST( / TRY_CAST(, where AS is followed by a type.
  const castDepths: number[] = [];
  let expectType = false;

  for (let i = from; i < to; i++) {
    const token = tokens[i]!;
    out += sql.slice(previousEnd, token.start);
    previousEnd = token.end;
    const depth = selectAtDepth.length - 1;

    const isTableFunction = tokens[i + 1]?.kind === "punct" && tokens[i + 1]!.text === "(";
    if (
      expectTable &&
      (token.kind === "word" || token.kind === "quoted") &&
      !isTableFunction &&
      !(token.kind === "word" && token.upper === "LATERAL")
    ) {
      const parts = [token.text];
      while (tokens[i + 1]?.kind === "punct" && tokens[i + 1]!.text === "." && i + 2 < to) {
        const part = tokens[i + 2]!;
        if (part.kind !== "word" && part.kind !== "quoted") throw new SyntaxErrorAt(part);
        parts.push(part.text);
        i += 2;
        previousEnd = part.end;
      }
      const name = ctx.uc.resolve(parts, ctx.session);
      ctx.uc.requireOnTable(ctx.session.principal, options.privilege ?? "SELECT", name);
      out += duckTableName(name.catalog, name.schema, name.name);
      expectTable = false;
      continue;
    }
    if (expectTable && token.kind === "string" && options.pathSource) {
      out += options.pathSource(token.text);
      expectTable = false;
      continue;
    }
    expectTable = false;

    if (expectType && token.kind === "word") {
      // A Databricks type, possibly ARRAY<…> / MAP<…> / DECIMAL(p, s): rewrite it whole.
      let type = token.text;
      let nesting = 0;
      while (i + 1 < to) {
        const next = tokens[i + 1]!;
        const opens =
          next.kind === "punct" && (next.text === "<" || (next.text === "(" && /^DECIMAL$/i.test(type)));
        const closes = next.kind === "punct" && (next.text === ">" || (next.text === ")" && nesting > 0));
        if (!opens && !closes && nesting === 0) break;
        if (opens) nesting++;
        if (closes) nesting--;
        type += next.text;
        i++;
        previousEnd = next.end;
        if (nesting === 0 && closes) break;
      }
      out += duckTypeOf(type);
      expectType = false;
      continue;
    }
    expectType = false;

    switch (token.kind) {
      case "quoted":
        out += duckIdentifier(token.text);
        break;
      case "string":
        out += sqlString(token.text);
        break;
      case "param": {
        const value = ctx.parameters[token.text];
        if (value === undefined) throw sqlErrors.syntax(`:${token.text}`);
        out += value;
        break;
      }
      case "punct":
        if (token.text === "(") {
          const previous = tokens[i - 1];
          if (previous?.kind === "word" && (previous.upper === "CAST" || previous.upper === "TRY_CAST"))
            castDepths.push(depth + 1);
          selectAtDepth.push(false);
          fromAtDepth.push(false);
        } else if (token.text === ")") {
          if (castDepths.at(-1) === depth) castDepths.pop();
          if (selectAtDepth.length > 1) {
            selectAtDepth.pop();
            fromAtDepth.pop();
          }
        } else if (token.text === "::") {
          expectType = true;
        } else if (token.text === "," && fromAtDepth[depth]) {
          expectTable = true;
        }
        out += token.text;
        break;
      case "word": {
        const upper = token.upper;
        const literal = tokens[i + 1];
        if (TYPED_LITERALS.has(upper) && literal?.kind === "string") {
          // TIMESTAMP '…' / TIMESTAMP_NTZ '…' / DATE '…': typed literals, in the engine's types.
          out += `CAST(${sqlString(literal.text)} AS ${duckTypeOf(upper)})`;
          i++;
          previousEnd = literal.end;
          break;
        }
        if (upper === "MAP" && tokens[i + 1]?.kind === "punct" && tokens[i + 1]!.text === "(") {
          // Databricks' map(k1, v1, k2, v2, …) is the engine's map([k1, k2, …], [v1, v2, …]).
          const args = topLevelArguments(tokens, i + 1, to);
          const translated = args.map(([start, end]) =>
            translateQuery(sql, tokens, start, end, ctx, options),
          );
          out += `map([${translated.filter((_, n) => n % 2 === 0).join(", ")}], [${translated.filter((_, n) => n % 2 === 1).join(", ")}])`;
          const close = args.length ? args.at(-1)![1] : i + 2;
          previousEnd = tokens[close]!.end;
          i = close;
          break;
        }
        if (upper === "NAMED_STRUCT" && tokens[i + 1]?.kind === "punct" && tokens[i + 1]!.text === "(") {
          // named_struct('a', x, 'b', y) is the engine's struct literal {'a': x, 'b': y}.
          const args = topLevelArguments(tokens, i + 1, to);
          const fields: string[] = [];
          for (let n = 0; n < args.length; n += 2) {
            const [nameStart, nameEnd] = args[n]!;
            const value = args[n + 1];
            if (nameEnd !== nameStart + 1 || tokens[nameStart]!.kind !== "string" || !value)
              throw new SyntaxErrorAt(tokens[nameStart]);
            fields.push(
              `${sqlString(tokens[nameStart]!.text)}: ${translateQuery(sql, tokens, value[0], value[1], ctx, options)}`,
            );
          }
          out += `{${fields.join(", ")}}`;
          const close = args.length ? args.at(-1)![1] : i + 2;
          previousEnd = tokens[close]!.end;
          i = close;
          break;
        }
        if (upper === "FROM_JSON" && tokens[i + 1]?.kind === "punct" && tokens[i + 1]!.text === "(") {
          // from_json(json, 'MAP<STRING, STRING>'): the engine casts JSON text to the schema's type.
          const args = topLevelArguments(tokens, i + 1, to);
          const schema = args[1] && tokens[args[1][0]];
          if (args.length !== 2 || schema?.kind !== "string" || args[1]![1] !== args[1]![0] + 1)
            throw new SyntaxErrorAt(tokens[i]);
          const json = translateQuery(sql, tokens, args[0]![0], args[0]![1], ctx, options);
          out += `CAST(CAST(${json} AS JSON) AS ${duckTypeOf(schema.text)})`;
          previousEnd = tokens[args[1]![1]]!.end;
          i = args[1]![1];
          break;
        }
        if (upper === "AS" && castDepths.at(-1) === depth) expectType = true;
        if (upper === "SELECT") {
          selectAtDepth[depth] = true;
          fromAtDepth[depth] = false;
        } else if (upper === "FROM" && selectAtDepth[depth]) {
          fromAtDepth[depth] = true;
          expectTable = tokens[i + 1]?.kind !== "punct";
        } else if (upper === "JOIN") {
          expectTable = tokens[i + 1]?.kind !== "punct";
          fromAtDepth[depth] = true;
        } else if (CLAUSE_END.has(upper)) {
          fromAtDepth[depth] = false;
        }
        const next = tokens[i + 1];
        // FILTER after a call is an aggregate's FILTER (WHERE …), not the function.
        const aggregateFilter =
          upper === "FILTER" && tokens[i - 1]?.kind === "punct" && tokens[i - 1]!.text === ")";
        const mapped =
          next?.kind === "punct" && next.text === "(" && !aggregateFilter ? FUNCTION_MAP[upper] : undefined;
        out += mapped ?? token.text;
        break;
      }
      default:
        out += token.text;
    }
  }
  return out;
}

/** The token ranges of the arguments of the call whose "(" is at `open`; the last range ends at its ")". */
function topLevelArguments(tokens: Token[], open: number, to: number): [number, number][] {
  const ranges: [number, number][] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < to; i++) {
    const token = tokens[i]!;
    if (token.kind !== "punct") continue;
    if (token.text === "(") depth++;
    else if (token.text === ")" && depth > 0) depth--;
    else if ((token.text === "," && depth === 0) || token.text === ")") {
      if (i > start) ranges.push([start, i]);
      if (token.text === ")") return ranges;
      start = i + 1;
    }
  }
  throw new SyntaxErrorAt(tokens[open]);
}

/** Renders a named parameter value from the driver as a SQL literal of its type. */
export function parameterLiteral(type: string | undefined, value: string | undefined): string {
  if (value === undefined) return "NULL";
  switch ((type ?? "STRING").toUpperCase()) {
    case "BIGINT":
    case "INT":
    case "INTEGER":
    case "SMALLINT":
    case "TINYINT":
    case "DOUBLE":
    case "FLOAT":
    case "DECIMAL":
      if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value)) throw sqlErrors.syntax(value);
      return value;
    case "BOOLEAN":
      return value.toLowerCase() === "true" ? "TRUE" : "FALSE";
    case "TIMESTAMP":
      return `CAST(${sqlString(value)} AS TIMESTAMPTZ)`;
    case "DATE":
      return `CAST(${sqlString(value)} AS DATE)`;
    default:
      return sqlString(value);
  }
}
