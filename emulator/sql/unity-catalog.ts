// Unity Catalog's securables, ownership and privilege checks, over the emulator's state.
// Privileges granted on a catalog or schema are inherited by the objects inside it; the
// owner of an object holds every privilege on that object; the metastore admin passes every check.
import type { Catalog, Schema, Securable, Table, Volume } from "../state.ts";
import { StateStore } from "../state.ts";
import { SqlError, sqlErrors } from "./errors.ts";

/**
 * Unity Catalog names are case-insensitive and kept in lower case: `Main.Analytics.Events` is
 * `main.analytics.events`. https://docs.databricks.com/aws/en/sql/language-manual/sql-ref-names
 */
export const ucKey = (name: string) => name.toLowerCase();

export type Principal = { name: string; isAdmin: boolean };
export type SessionContext = { principal: Principal; catalog: string; schema: string };
export type SecurableKind = "CATALOG" | "SCHEMA" | "TABLE" | "VOLUME";

export const PRIVILEGES: Record<SecurableKind, string[]> = {
  CATALOG: [
    "USE CATALOG",
    "USE SCHEMA",
    "CREATE SCHEMA",
    "CREATE TABLE",
    "CREATE VOLUME",
    "SELECT",
    "MODIFY",
    "READ VOLUME",
    "WRITE VOLUME",
    "ALL PRIVILEGES",
  ],
  SCHEMA: [
    "USE SCHEMA",
    "CREATE TABLE",
    "CREATE VOLUME",
    "SELECT",
    "MODIFY",
    "READ VOLUME",
    "WRITE VOLUME",
    "ALL PRIVILEGES",
  ],
  TABLE: ["SELECT", "MODIFY", "ALL PRIVILEGES"],
  VOLUME: ["READ VOLUME", "WRITE VOLUME", "ALL PRIVILEGES"],
};

const KIND_LABEL: Record<SecurableKind, string> = {
  CATALOG: "Catalog",
  SCHEMA: "Schema",
  TABLE: "Table",
  VOLUME: "Volume",
};

export type ObjectName = { catalog: string; schema: string; name: string };
export const fullName = (o: ObjectName) => `${o.catalog}.${o.schema}.${o.name}`;

export class UnityCatalog {
  constructor(private readonly store: StateStore) {}

  get catalogs(): Record<string, Catalog> {
    return this.store.state.catalogs;
  }

  save(): void {
    this.store.save();
  }

  catalog(name: string): Catalog {
    const catalog = this.catalogs[ucKey(name)];
    if (!catalog) throw sqlErrors.catalogNotFound(name);
    return catalog;
  }

  schema(catalog: string, schema: string): Schema {
    const found = this.catalog(catalog).schemas[ucKey(schema)];
    if (!found) throw sqlErrors.schemaNotFound(`${catalog}.${schema}`);
    return found;
  }

  table(o: ObjectName): Table {
    const found = this.schema(o.catalog, o.schema).tables[ucKey(o.name)];
    if (!found) throw sqlErrors.tableNotFound(fullName(o));
    return found;
  }

  volume(o: ObjectName): Volume {
    const found = this.schema(o.catalog, o.schema).volumes[ucKey(o.name)];
    if (!found) throw sqlErrors.volumeNotFound(fullName(o));
    return found;
  }

  /** Resolves a one- to three-part name against the session's current catalog and schema. */
  resolve(parts: string[], session: SessionContext): ObjectName {
    const [a, b, c] = parts.map(ucKey);
    if (parts.length === 3) return { catalog: a!, schema: b!, name: c! };
    if (parts.length === 2) return { catalog: session.catalog, schema: a!, name: b! };
    return { catalog: session.catalog, schema: session.schema, name: a! };
  }

  /** The securable and its name for grants: catalog `c`, schema `c.s`, or a table/volume. */
  securable(
    kind: SecurableKind,
    parts: string[],
    session: SessionContext,
  ): { object: Securable; name: string } {
    if (kind === "CATALOG") return { object: this.catalog(parts[0]!), name: parts[0]! };
    if (kind === "SCHEMA") {
      const [catalog, schema] = parts.length === 2 ? parts : [session.catalog, parts[0]!];
      return { object: this.schema(catalog!, schema!), name: `${catalog}.${schema}` };
    }
    const name = this.resolve(parts, session);
    return { object: kind === "TABLE" ? this.table(name) : this.volume(name), name: fullName(name) };
  }

  // --- privilege checks ---------------------------------------------------------------

  private holds(principal: Principal, privilege: string, chain: Securable[]): boolean {
    if (principal.isAdmin) return true;
    const [own] = chain;
    if (own && own.owner === principal.name) return true;
    return chain.some((securable) => {
      const granted = securable.grants[principal.name] ?? [];
      return granted.includes(privilege) || granted.includes("ALL PRIVILEGES");
    });
  }

  private require(
    principal: Principal,
    privilege: string,
    kind: SecurableKind,
    name: string,
    chain: Securable[],
  ): void {
    if (!this.holds(principal, privilege, chain))
      throw sqlErrors.insufficientPermissions(privilege, KIND_LABEL[kind], name);
  }

  /** USE CATALOG on the catalog and USE SCHEMA on the schema: needed to reach anything inside. */
  requireUsage(principal: Principal, catalog: string, schema?: string): void {
    const c = this.catalog(catalog);
    this.require(principal, "USE CATALOG", "CATALOG", catalog, [c]);
    if (schema === undefined) return;
    const s = this.schema(catalog, schema);
    this.require(principal, "USE SCHEMA", "SCHEMA", `${catalog}.${schema}`, [s, c]);
  }

  requireOnCatalog(principal: Principal, privilege: string, catalog: string): void {
    this.requireUsage(principal, catalog);
    this.require(principal, privilege, "CATALOG", catalog, [this.catalog(catalog)]);
  }

  requireOnSchema(principal: Principal, privilege: string, catalog: string, schema: string): void {
    this.requireUsage(principal, catalog, schema);
    this.require(principal, privilege, "SCHEMA", `${catalog}.${schema}`, [
      this.schema(catalog, schema),
      this.catalog(catalog),
    ]);
  }

  requireOnTable(principal: Principal, privilege: string, o: ObjectName): Table {
    this.requireUsage(principal, o.catalog, o.schema);
    const table = this.table(o);
    this.require(principal, privilege, "TABLE", fullName(o), [
      table,
      this.schema(o.catalog, o.schema),
      this.catalog(o.catalog),
    ]);
    return table;
  }

  requireOnVolume(principal: Principal, privilege: string, o: ObjectName): Volume {
    this.requireUsage(principal, o.catalog, o.schema);
    const volume = this.volume(o);
    this.require(principal, privilege, "VOLUME", fullName(o), [
      volume,
      this.schema(o.catalog, o.schema),
      this.catalog(o.catalog),
    ]);
    return volume;
  }

  /** Only the owner of a securable (or the admin) may change it, drop it or grant on it. */
  requireOwner(principal: Principal, object: Securable, kind: SecurableKind, name: string): void {
    if (principal.isAdmin || object.owner === principal.name) return;
    throw sqlErrors.permissionDenied(`User is not an owner of ${KIND_LABEL[kind]} '${name}'.`);
  }

  /** Whether the principal may see the table in SHOW TABLES: any privilege on it. */
  canSee(principal: Principal, o: ObjectName): boolean {
    const chain = [this.table(o), this.schema(o.catalog, o.schema), this.catalog(o.catalog)];
    return ["SELECT", "MODIFY"].some((privilege) => this.holds(principal, privilege, chain));
  }

  grant(object: Securable, kind: SecurableKind, principal: string, privileges: string[]): void {
    for (const privilege of privileges) {
      if (!PRIVILEGES[kind].includes(privilege)) {
        throw new SqlError(
          "INVALID_PARAMETER_VALUE.PRIVILEGE",
          "22023",
          `Privilege ${privilege} is not applicable to ${KIND_LABEL[kind]}.`,
        );
      }
    }
    const current = new Set(object.grants[principal] ?? []);
    for (const privilege of privileges) current.add(privilege);
    object.grants[principal] = [...current];
  }

  revoke(object: Securable, principal: string, privileges: string[]): void {
    const remaining = (object.grants[principal] ?? []).filter(
      (privilege) => !privileges.includes(privilege) && !privileges.includes("ALL PRIVILEGES"),
    );
    if (remaining.length) object.grants[principal] = remaining;
    else delete object.grants[principal];
  }
}
