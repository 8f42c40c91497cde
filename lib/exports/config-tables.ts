import { qualifiedName, quoteIdentifier, sqlStringLiteral } from "@/lib/databricks/identifiers";
import type { TableTarget } from "@/lib/exports/event-table";

// The data-configuration tables beside a destination's events table, one per part of the
// project's configuration. Every snapshot adds its rows with the same snapshot_id and
// snapshot_at; is_current marks the latest snapshot's rows (the run that loads a snapshot sets
// it false on the older ones). Loaded with COPY INTO of files named per run, like the events:
// a retried run loads each file once.
// https://docs.databricks.com/aws/en/sql/language-manual/delta-copy-into

export type ConfigColumn = { name: string; type: string };
export type ConfigTableKey =
  | "event_types"
  | "properties"
  | "categories"
  | "transformations"
  | "custom_events";

/** The columns every snapshot row starts with. */
export const SNAPSHOT_COLUMNS: readonly ConfigColumn[] = [
  { name: "snapshot_id", type: "STRING" },
  { name: "snapshot_at", type: "TIMESTAMP" },
  { name: "is_current", type: "BOOLEAN" },
];

/** Each table's own columns, after the snapshot columns (README: "Data configuration tables"). */
export const CONFIG_TABLE_COLUMNS: Record<ConfigTableKey, readonly ConfigColumn[]> = {
  event_types: [
    { name: "event_type", type: "STRING" },
    { name: "display_name", type: "STRING" },
    { name: "description", type: "STRING" },
    { name: "category", type: "STRING" },
    { name: "status", type: "STRING" },
    { name: "first_seen", type: "TIMESTAMP" },
    { name: "last_seen", type: "TIMESTAMP" },
  ],
  properties: [
    { name: "scope", type: "STRING" },
    { name: "event_type", type: "STRING" },
    { name: "property", type: "STRING" },
    { name: "observed_types", type: "ARRAY<STRING>" },
    { name: "description", type: "STRING" },
    { name: "classifications", type: "ARRAY<STRING>" },
    { name: "first_seen", type: "TIMESTAMP" },
    { name: "last_seen", type: "TIMESTAMP" },
  ],
  categories: [
    { name: "category_id", type: "STRING" },
    { name: "name", type: "STRING" },
  ],
  transformations: [
    { name: "transformation_id", type: "STRING" },
    { name: "kind", type: "STRING" },
    { name: "description", type: "STRING" },
    { name: "definition", type: "STRING" },
    { name: "created_at", type: "TIMESTAMP" },
  ],
  custom_events: [
    { name: "custom_event_id", type: "STRING" },
    { name: "name", type: "STRING" },
    { name: "description", type: "STRING" },
    { name: "definition", type: "STRING" },
    { name: "sentence", type: "STRING" },
    { name: "view_name", type: "STRING" },
  ],
};

export const CONFIG_TABLE_KEYS = Object.keys(CONFIG_TABLE_COLUMNS) as ConfigTableKey[];

/** The longest events table name that leaves room for its configuration tables' names (255 at most). */
export const CONFIG_EXPORT_MAX_TABLE_NAME = 255 - "_cfg_transformations".length;

/** `<table>_cfg_<key>`: beside the events table, in its catalog and schema. */
export const configTableName = (eventsTable: string, key: ConfigTableKey) => `${eventsTable}_cfg_${key}`;

/** The staged file of one table of a snapshot, in the run's directory. */
export const configFileName = (key: ConfigTableKey) => `config-${key.replaceAll("_", "-")}.json`;

const columnsOf = (key: ConfigTableKey) => [...SNAPSHOT_COLUMNS, ...CONFIG_TABLE_COLUMNS[key]];
const tableOf = (target: TableTarget, key: ConfigTableKey) =>
  qualifiedName(target.catalog, target.schema, configTableName(target.table, key));

export function createConfigTableSql(target: TableTarget, key: ConfigTableKey): string {
  const columns = columnsOf(key)
    .map((c) => `  ${quoteIdentifier(c.name)} ${c.type}`)
    .join(",\n");
  return `CREATE TABLE IF NOT EXISTS ${tableOf(target, key)} (\n${columns}\n) USING DELTA`;
}

/** COPY INTO of one snapshot file by name, without `force`: loaded once, however often retried. */
export function copyConfigTableSql(target: TableTarget, key: ConfigTableKey, directory: string): string {
  const select = columnsOf(key)
    .map((c) => `CAST(${quoteIdentifier(c.name)} AS ${c.type}) AS ${quoteIdentifier(c.name)}`)
    .join(", ");
  return `COPY INTO ${tableOf(target, key)} FROM (SELECT ${select} FROM ${sqlStringLiteral(directory)}) FILEFORMAT = JSON FILES = (${sqlStringLiteral(configFileName(key))})`;
}

/** After a snapshot is loaded: the rows of every other snapshot are no longer current. */
export function retireOlderSnapshotsSql(
  target: TableTarget,
  key: ConfigTableKey,
  snapshotId: string,
): string {
  return `UPDATE ${tableOf(target, key)} SET ${quoteIdentifier("is_current")} = false WHERE ${quoteIdentifier("is_current")} AND ${quoteIdentifier("snapshot_id")} <> ${sqlStringLiteral(snapshotId)}`;
}
