import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// The statements Deltaport may send to Databricks, read from the table in emulator/README.md
// between its contract markers: each row a shape in which "…" stands for any text.

const README = fileURLToPath(new URL("../../emulator/README.md", import.meta.url));

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The contract's shapes, each as a pattern a whole statement must match. */
export function contractShapes(): { shape: string; pattern: RegExp }[] {
  const text = readFileSync(README, "utf8");
  const table = text.slice(text.indexOf("<!-- contract:start -->"), text.indexOf("<!-- contract:end -->"));
  return [...table.matchAll(/^\| `(.+?)`\s+\| (https:\/\/\S+)/gm)].map(([, shape]) => ({
    shape: shape!,
    pattern: new RegExp(`^${shape!.split("…").map(escape).join(".*")}$`, "is"),
  }));
}

/** The statements (whitespace folded) that no row of the contract allows. */
export function outsideContract(statements: string[]): string[] {
  const shapes = contractShapes();
  return statements
    .map((statement) => statement.replace(/\s+/g, " ").trim())
    .filter((statement) => !shapes.some(({ pattern }) => pattern.test(statement)));
}
