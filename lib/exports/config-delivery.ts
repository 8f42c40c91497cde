import "server-only";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sqlStringLiteral } from "@/lib/databricks/identifiers";
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

// The steps that deliver a run's data-configuration snapshot (config-snapshot.ts), after prepare
// and before any event is copied (a snapshot that cannot be loaded fails the run before its
// events land, so the run that follows delivers them once): its tables are created with the
// run's other tables, its files staged (one per table that has rows), then loaded and the views
// made. Each step is
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
          await sql.query(
            `PUT ${sqlStringLiteral(localPath)} INTO ${sqlStringLiteral(`${run.directory}/${configFileName(key)}`)} OVERWRITE`,
            { stagingAllowedLocalPath: [local] },
          );
      });
    return { tables: staged.map((s) => s.key), rows };
  } finally {
    rmSync(local, { recursive: true, force: true });
  }
}

/**
 * The custom-event views this destination's earlier snapshots may have left that `snapshot`
 * does not have: those of the last one delivered (whose delivery dropped every older one) and
 * of any taken after it whose run failed after creating its views. Only views Deltaport made.
 */
async function viewsToDrop(snapshot: { id: string; destinationId: string; takenAt: Date; views: string[] }) {
  const earlier = { destinationId: snapshot.destinationId, id: { not: snapshot.id } };
  const delivered = await db.configSnapshot.findFirst({
    where: { ...earlier, deliveredAt: { not: null } },
    orderBy: { takenAt: "desc" },
    select: { views: true, takenAt: true },
  });
  const undelivered = await db.configSnapshot.findMany({
    where: { ...earlier, deliveredAt: null, ...(delivered ? { takenAt: { gt: delivered.takenAt } } : {}) },
    select: { views: true },
  });
  const left = new Set([...(delivered?.views ?? []), ...undelivered.flatMap((s) => s.views)]);
  return [...left].filter((view) => !snapshot.views.includes(view)).sort();
}

/**
 * Loads the staged files, marks every older snapshot's rows as no longer current (in all five
 * tables: a table this snapshot has no rows for has no current rows), creates or alters the
 * views (`<table>_transformed`, one per custom event), and drops the custom-event views that
 * earlier snapshots made and this one no longer has.
 */
export async function loadConfig(run: ConfigRun, tables: ConfigTableKey[]): Promise<{ views: number }> {
  const snapshot = await db.configSnapshot.findUniqueOrThrow({ where: { runId: run.runId } });
  const content = snapshotContent(snapshot.content);
  const { target } = run;
  const json = target.jsonColumnType;
  const gone = await viewsToDrop(snapshot);
  await withDatabricksSession(run.databricks, run.tags, async (sql) => {
    for (const key of tables) await sql.query(copyConfigTableSql(target, key, run.directory));
    for (const key of CONFIG_TABLE_KEYS) await sql.query(retireOlderSnapshotsSql(target, key, snapshot.id));
    const views = [
      transformedViewSql({
        target,
        json,
        transformations: content.transformations,
        hiddenEventTypes: content.hiddenEventTypes,
      }),
      ...content.customEvents.map((c) => customEventViewSql(target, json, c.view, c.definition)),
    ];
    for (const statement of views.flat()) await sql.query(statement);
    for (const view of gone) await sql.query(dropViewSql(target, view));
  });
  return { views: 1 + content.customEvents.length };
}

/** The staged file names of `tables`, for the run's cleanup. */
export const configFiles = (tables: ConfigTableKey[]) => tables.map(configFileName);
