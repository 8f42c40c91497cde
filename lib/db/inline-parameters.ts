import { escapeLiteral } from "pg";

// `COPY (query) TO STDOUT` takes no bind parameters: PostgreSQL's protocol runs it as a simple
// query. So a parameterised query is turned into one statement with its values as literals,
// each quoted by pg's escapeLiteral (quotes doubled, backslashes in an E'' string), so that no
// value can end its literal. A placeholder is replaced in one pass: text a value brings in is
// never read for placeholders again.

type Parameter = string | number | bigint | readonly string[];

function literal(value: unknown): string {
  if (typeof value === "string") return escapeLiteral(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot inline the number ${value}`);
    return String(value);
  }
  if (Array.isArray(value) && value.every((item) => typeof item === "string"))
    return `ARRAY[${value.map((item) => escapeLiteral(item)).join(", ")}]::text[]`;
  throw new Error(`cannot inline a parameter of type ${typeof value}`);
}

/** `sql` with $1, $2, … replaced by `params` as quoted literals. */
export function inlineParameters(sql: string, params: readonly unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_match, index: string) => {
    const position = Number(index) - 1;
    if (position >= params.length) throw new Error(`no value for $${index}`);
    return literal(params[position] as Parameter);
  });
}
