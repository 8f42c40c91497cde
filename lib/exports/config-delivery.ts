import "server-only";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { withDatabricksSession, type DatabricksTarget } from "@/lib/databricks/sql-client";
import { db } from "@/lib/db/prisma";
import { snapshotContent } from "@/lib/exports/config-snapshot";
import {
  CONFIG_TABLE_KEYS,
  configFileName,
  copyConfigTableSql,
  createConfigTableSql,
  retireOlderSnapshotsSql,
  type ConfigTableKey,
} from "@/lib/exports/config-tables";
import { customEventViewSql, dropViewSql, transformedViewSql } from "@/lib/exports/config-views";
import type { RunTarget } from "@/lib/exports/plan-run";

// The steps that deliver a run's data-configuration snapshot (config-snapshot.ts), between the
// events' copy and the commit: its tables are created with the run's other tables, its files
// staged (one per table that has rows), then loaded and the views replaced. Each step is
// idempotent: files load once (COPY INTO without force), the older snapshots' rows are retired
// by an UPDATE that a retry repeats harmlessly, and views are created or replaced.

export type ConfigRun = {
  runId: string;
  target: RunTarget;
  databricks: DatabricksTarget;
  directory: string;
  tags: Record<string, string>;
};

/** The run's snapshot, or null when it takes none. */
export const runSnapshot = (runId: string) => db.configSnapshot.findUnique({ where: { runId } });

export function createConfigTablesSql(target: RunTarget): string[] {
  return CONFIG_TABLE_KEYS.map((key) => createConfigTableSql(target, key));
}

/**
 * Writes the snapshot's tables as JSON-lines files (a table without rows has no file: Databricks
 * cannot infer a schema from an empty file) and PUTs them into the run's directory. Returns the
 * tables staged and their rows.
 */
export async function stageConfigFiles(run: ConfigRun): Promise<{ tables: ConfigTableKey[]; rows: number }> {
  const snapshot = await db.configSnapshot.findUniqueOrThrow({ where: { runId: run.runId } });
  const content = snapshotContent(snapshot.content);
  const local = mkdtempSync(path.join(tmpdir(), `deltaport-config-${run.runId}-`));
  try {
    const staged: { key: ConfigTableKey; localPath: string }[] = [];
    let rows = 0;
    for (const key of CONFIG_TABLE_KEYS) {
      const tableRows = content.tables[key];
      if (tableRows.length === 0) continue;
      const common = {
        snapshot_id: snapshot.id,
        snapshot_at: snapshot.takenAt.toISOString(),
        is_current: true,
      };
      const localPath = path.join(local, configFileName(key));
      writeFileSync(
        localPath,
        tableRows.map((row) => JSON.stringify({ ...common, ...row })).join("\n") + "\n",
      );
      staged.push({ key, localPath });
      rows += tableRows.length;
    }
    if (staged.length)
      await withDatabricksSession(run.databricks, run.tags, async (sql) => {
        for (const { key, localPath } of staged)
          await sql.query(`PUT '${localPath}' INTO '${run.directory}/${configFileName(key)}' OVERWRITE`, {
            stagingAllowedLocalPath: [local],
          });
      });
    return { tables: staged.map((s) => s.key), rows };
  } finally {
    rmSync(local, { recursive: true, force: true });
  }
}

/**
 * Loads the staged files, marks every older snapshot's rows as no longer current (in all five
 * tables: a table this snapshot has no rows for has no current rows), and replaces the views:
 * `<table>_transformed`, one per custom event, and drops the custom-event views of the last
 * delivered snapshot that this one no longer has.
 */
export async function loadConfig(run: ConfigRun, tables: ConfigTableKey[]): Promise<{ views: number }> {
  const snapshot = await db.configSnapshot.findUniqueOrThrow({ where: { runId: run.runId } });
  const content = snapshotContent(snapshot.content);
  const previous = await db.configSnapshot.findFirst({
    where: { destinationId: snapshot.destinationId, deliveredAt: { not: null }, id: { not: snapshot.id } },
    orderBy: { takenAt: "desc" },
    select: { views: true },
  });
  const { target } = run;
  const json = target.jsonColumnType;
  const gone = (previous?.views ?? []).filter((view) => !snapshot.views.includes(view));
  await withDatabricksSession(run.databricks, run.tags, async (sql) => {
    for (const key of tables) await sql.query(copyConfigTableSql(target, key, run.directory));
    for (const key of CONFIG_TABLE_KEYS) await sql.query(retireOlderSnapshotsSql(target, key, snapshot.id));
    await sql.query(
      transformedViewSql({
        target,
        json,
        transformations: content.transformations,
        hiddenEventTypes: content.hiddenEventTypes,
      }),
    );
    for (const customEvent of content.customEvents)
      await sql.query(customEventViewSql(target, json, customEvent.view, customEvent.definition));
    for (const view of gone) await sql.query(dropViewSql(target, view));
  });
  return { views: 1 + content.customEvents.length };
}

/** The staged file names of `tables`, for the run's cleanup. */
export const configFiles = (tables: ConfigTableKey[]) => tables.map(configFileName);
