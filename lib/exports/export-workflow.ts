import "server-only";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { raiseAlert, resolveAlerts } from "@/lib/alerts/alerts";
import { db } from "@/lib/db/prisma";
import { DatabricksError } from "@/lib/databricks/errors";
import { withDatabricksSession, type DatabricksTarget } from "@/lib/databricks/sql-client";
import { forgetWorkspaceToken } from "@/lib/databricks/token-provider";
import { EventFilter } from "@/lib/exports/event-filter";
import { qualifiedName } from "@/lib/databricks/identifiers";
import { nextTick } from "@/lib/exports/schedule";
import { stagingVolumeName } from "@/lib/exports/staging-volume";
import { addColumnsSql, copyIntoSql, createEventTableSql, missingColumns } from "@/lib/exports/event-table";
import { planRun, type RunTarget } from "@/lib/exports/plan-run";
import { writeWindowFiles } from "@/lib/exports/stage-files";

// One export run, written once as named steps: Inngest runs it in production (each step
// retried and memoised on its own), the local runner runs it in process. Every step is
// idempotent, bounded in time, and returns only small results free of secrets.

export type Step = { run<T>(name: string, work: () => Promise<T>): Promise<T> };
export type ExportOutcome = {
  runId: string | null;
  status: "skipped" | "succeeded" | "failed";
  rows: number;
};

const COPY_BATCH = 1000;

async function loadRun(runId: string) {
  const run = await db.exportRun.findUniqueOrThrow({ where: { id: runId } });
  const target = run.target as RunTarget;
  const databricks: DatabricksTarget = { ...target, destinationId: run.destinationId };
  const directory = `/Volumes/${target.catalog}/${target.schema}/${stagingVolumeName(run.destinationId)}/${run.id}`;
  return {
    run,
    target,
    databricks,
    directory,
    tags: { deltaport_destination: run.destinationId, deltaport_run: run.id },
  };
}

/**
 * Creates the staging volume and the table if missing, and adds columns an older table lacks.
 * Each run starts with a fresh token exchange, so that a revoked policy fails the next run.
 */
async function prepare(runId: string) {
  const { target, databricks, tags } = await loadRun(runId);
  forgetWorkspaceToken(databricks);
  await withDatabricksSession(databricks, tags, async (sql) => {
    await sql.query(
      `CREATE VOLUME IF NOT EXISTS ${qualifiedName(target.catalog, target.schema, stagingVolumeName(databricks.destinationId))}`,
    );
    await sql.query(createEventTableSql(target, target.jsonColumnType));
    const described = await sql.query(
      `DESCRIBE TABLE ${qualifiedName(target.catalog, target.schema, target.table)}`,
    );
    const missing = missingColumns(
      described.map((row) => String(row.col_name)).filter((name) => name && !name.startsWith("#")),
      target.jsonColumnType,
    );
    if (missing.length) await sql.query(addColumnsSql(target, missing));
  });
  return { prepared: true };
}

/** Writes the frozen window's files and PUTs them; the same window always gives the same files. */
async function stage(runId: string) {
  const { run, databricks, directory, tags } = await loadRun(runId);
  const local = mkdtempSync(path.join(tmpdir(), `deltaport-${run.id}-`));
  try {
    const files = await writeWindowFiles(
      {
        projectId: (run.target as RunTarget).projectId,
        fromTxid: run.fromTxid,
        exportFrom: run.exportFrom!,
        toTxid: run.toTxid!,
        filter: EventFilter.parse(run.filter),
      },
      local,
    );
    if (files.length) {
      await withDatabricksSession(databricks, tags, async (sql) => {
        for (const file of files)
          await sql.query(`PUT '${file.localPath}' INTO '${directory}/${file.name}' OVERWRITE`, {
            stagingAllowedLocalPath: [local],
          });
      });
    }
    const rows = files.reduce((sum, file) => sum + file.rows, 0);
    const bytes = files.reduce((sum, file) => sum + statSync(file.localPath).size, 0);
    await db.exportRun.update({
      where: { id: runId },
      data: { files: files.map((file) => file.name), rows, bytes: BigInt(bytes) },
    });
    return { files: files.length, rows };
  } finally {
    rmSync(local, { recursive: true, force: true });
  }
}

/** COPY INTO by name, without force: files already loaded by an earlier attempt are skipped. */
async function copy(runId: string) {
  const { run, target, databricks, directory, tags } = await loadRun(runId);
  let inserted = 0;
  if (run.files.length) {
    await withDatabricksSession(databricks, tags, async (sql) => {
      for (let i = 0; i < run.files.length; i += COPY_BATCH) {
        const [result] = await sql.query(
          copyIntoSql(target, directory, run.files.slice(i, i + COPY_BATCH), target.jsonColumnType),
        );
        inserted += Number(result?.num_inserted_rows ?? 0);
      }
    });
  }
  return { inserted };
}

/** In one transaction: the watermark advances to the run's horizon and the run is finished. */
async function commit(runId: string, now = new Date()) {
  await db.$transaction(async (tx) => {
    const run = await tx.exportRun.findUniqueOrThrow({ where: { id: runId } });
    if (run.status === "SUCCEEDED") return;
    const destination = await tx.destination.findUniqueOrThrow({ where: { id: run.destinationId } });
    await tx.destination.update({
      where: { id: run.destinationId },
      data: {
        watermarkTxid: run.toTxid,
        health: "HEALTHY",
        nextRunAt: nextTick(now, destination.frequencyMinutes),
      },
    });
    await tx.exportRun.update({
      where: { id: runId },
      data: { status: "SUCCEEDED", finishedAt: now, errorClass: null, errorMessage: null },
    });
  });
  const run = await db.exportRun.findUniqueOrThrow({ where: { id: runId }, select: { destinationId: true } });
  await resolveAlerts(run.destinationId, "FAILING", now);
  return { committed: true };
}

/** Removes the staged files (best effort: leftovers are harmless and never reused). */
async function cleanup(runId: string) {
  const { run, databricks, directory, tags } = await loadRun(runId);
  if (run.files.length === 0) return { removed: 0 };
  try {
    await withDatabricksSession(databricks, tags, async (sql) => {
      for (const file of run.files)
        await sql.query(`REMOVE '${directory}/${file}'`, { stagingAllowedLocalPath: [tmpdir()] });
    });
    return { removed: run.files.length };
  } catch {
    return { removed: 0 };
  }
}

/** A failure that retrying will not fix: the run fails, the destination turns failing, the watermark stays. */
export async function recordRunFailure(runId: string, error: DatabricksError, now = new Date()) {
  const destination = await db.$transaction(async (tx) => {
    const run = await tx.exportRun.update({
      where: { id: runId },
      data: {
        status: "FAILED",
        finishedAt: now,
        errorClass: error.code,
        errorMessage: error.userMessage.slice(0, 2000),
      },
    });
    const destination = await tx.destination.findUniqueOrThrow({ where: { id: run.destinationId } });
    await tx.destination.update({
      where: { id: run.destinationId },
      data: { health: "FAILING", nextRunAt: nextTick(now, destination.frequencyMinutes) },
    });
    return destination;
  });
  await raiseAlert(destination, "FAILING", `The last run failed (${error.code}): ${error.userMessage}`);
}

type StepFailure = { code: DatabricksError["code"]; message: string; detail?: string };

class RunFailed extends Error {
  constructor(readonly failure: StepFailure) {
    super(failure.message);
  }
}

/**
 * Delivers a destination's due window: plan → prepare → stage → copy → commit → cleanup.
 * Transient errors are thrown, for the runner to retry that step with backoff; an error that
 * retrying cannot fix (a refused token, a missing grant or table, a schema mismatch) is
 * returned by its step and ends the run as failed, the watermark untouched.
 */
export async function exportDestination(step: Step, destinationId: string): Promise<ExportOutcome> {
  const attempt = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const result = await step.run(name, async (): Promise<{ ok: T } | { failure: StepFailure }> => {
      try {
        return { ok: await work() };
      } catch (error) {
        if (error instanceof DatabricksError && !error.retryable)
          return { failure: { code: error.code, message: error.userMessage, detail: error.detail } };
        throw error;
      }
    });
    if ("failure" in result) throw new RunFailed(result.failure);
    return result.ok;
  };

  const planned = await step.run("plan", () => planRun(destinationId));
  if (!planned) return { runId: null, status: "skipped", rows: 0 };
  const { runId } = planned;
  try {
    await attempt("prepare", () => prepare(runId));
    const staged = await attempt("stage", () => stage(runId));
    if (staged.files > 0) await attempt("copy", () => copy(runId));
    await step.run("commit", () => commit(runId));
    if (staged.files > 0) await step.run("cleanup", () => cleanup(runId));
    return { runId, status: "succeeded", rows: staged.rows };
  } catch (error) {
    if (!(error instanceof RunFailed)) throw error;
    const { code, message, detail } = error.failure;
    await step.run("record-failure", () =>
      recordRunFailure(runId, new DatabricksError(code, message, detail)).then(() => ({ failed: true })),
    );
    return { runId, status: "failed", rows: 0 };
  }
}
