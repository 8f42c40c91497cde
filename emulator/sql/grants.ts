// GRANT / REVOKE / SHOW GRANTS on catalogs, schemas, tables and volumes.
import { resultOf, NO_ROWS, type ExecutionContext, type StatementResult } from "./context.ts";
import { SqlError } from "./errors.ts";
import { Cursor, SyntaxErrorAt } from "./tokenizer.ts";
import type { SecurableKind } from "./unity-catalog.ts";

function securableKind(cursor: Cursor): SecurableKind {
  const word = cursor.next();
  const upper = word.kind === "word" ? word.upper : "";
  if (upper === "DATABASE") return "SCHEMA";
  // A view is granted on as a table is (GRANT … ON VIEW or ON TABLE).
  if (upper === "VIEW") return "TABLE";
  if (upper === "CATALOG" || upper === "SCHEMA" || upper === "TABLE" || upper === "VOLUME") return upper;
  throw new SyntaxErrorAt(word);
}

/** `SELECT, MODIFY` / `USE SCHEMA, CREATE TABLE` / `ALL PRIVILEGES`, up to ON. */
function privilegeList(cursor: Cursor): string[] {
  const privileges: string[] = [];
  let current: string[] = [];
  while (!cursor.isWord("ON")) {
    const token = cursor.next();
    if (token.kind === "punct" && token.text === ",") {
      privileges.push(current.join(" "));
      current = [];
    } else if (token.kind === "word") {
      current.push(token.upper);
    } else throw new SyntaxErrorAt(token);
  }
  if (current.length) privileges.push(current.join(" "));
  return privileges.map((privilege) => (privilege === "ALL" ? "ALL PRIVILEGES" : privilege));
}

export function grantStatement(cursor: Cursor, ctx: ExecutionContext, revoke: boolean): StatementResult {
  const privileges = privilegeList(cursor);
  cursor.expectWord("ON");
  const kind = securableKind(cursor);
  const { object, name } = ctx.uc.securable(kind, cursor.qualifiedName(), ctx.session);
  cursor.expectWord(revoke ? "FROM" : "TO");
  const principal = cursor.identifier();
  cursor.expectEnd();
  ctx.uc.requireOwner(ctx.session.principal, object, kind, name);
  if (!ctx.knownPrincipals().includes(principal)) {
    throw new SqlError(
      "PRINCIPAL_DOES_NOT_EXIST",
      "42704",
      `Could not find principal with name ${principal}.`,
    );
  }
  if (revoke) ctx.uc.revoke(object, principal, privileges);
  else ctx.uc.grant(object, kind, principal, privileges);
  ctx.uc.save();
  return NO_ROWS;
}

export function showGrantsStatement(cursor: Cursor, ctx: ExecutionContext): StatementResult {
  const onlyPrincipal = cursor.isWord("ON") ? undefined : cursor.identifier();
  cursor.expectWord("ON");
  const kind = securableKind(cursor);
  const { object, name } = ctx.uc.securable(kind, cursor.qualifiedName(), ctx.session);
  const rows = Object.entries(object.grants)
    .filter(([principal]) => !onlyPrincipal || principal === onlyPrincipal)
    .flatMap(([principal, privileges]) => privileges.map((privilege) => [principal, privilege, kind, name]));
  if (!onlyPrincipal || onlyPrincipal === object.owner) rows.unshift([object.owner, "OWN", kind, name]);
  return resultOf(
    [
      ["Principal", "VARCHAR"],
      ["ActionType", "VARCHAR"],
      ["ObjectType", "VARCHAR"],
      ["ObjectKey", "VARCHAR"],
    ],
    rows,
  );
}
