import "server-only";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { raiseAlert, resolveAlerts } from "@/lib/alerts/alerts";
import { DatabricksError } from "@/lib/databricks/errors";
import { qualifiedName } from "@/lib/databricks/identifiers";
import { withDatabricksSession, type DatabricksTarget } from "@/lib/databricks/sql-client";
import { forgetWorkspaceToken } from "@/lib/databricks/token-provider";
import { db } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client";
import { EventFilter } from "@/lib/exports/event-filter";
import {
  addColumnsSql,
  copyIntoSql,
  createEventTableSql,
  describedColumns,
  enableVariantSql,
  missingColumns,
  typeMismatches,
  type TypeMismatch,
} from "@/lib/exports/event-table";
import { advanceBackfill, notifyBackfillCompleted } from "@/lib/exports/backfill-progress";
import { planBackfillChunk } from "@/lib/exports/plan-backfill-chunk";
import { planRun, type PlannedRun, type RunTarget } from "@/lib/exports/plan-run";
import { LeaseLost, renewLease, RunCancelled } from "@/lib/exports/run-lease";
import {
  COPY_FILES_PER_STEP,
  FILE_MAX_BYTES,
  FILE_MAX_ROWS,
  RUN_MAX_ROWS,
  STEP_BUDGET,
  UNKNOWN_ERROR_RUN_ATTEMPTS,
} from "@/lib/exports/run-limits";
import { nextTick } from "@/lib/exports/schedule";
import { COPY_FILE_FORMAT, mergesFileName, stagedFileName, writeWindowFile } from "@/lib/exports/stage-files";
import { writeMergesParquetFile } from "@/lib/exports/stage-parquet";
import { copyMergedIdsSql, createMergedIdsTableSql } from "@/lib/exports/merged-ids-table";
import {
  configFiles,
  createConfigTablesSql,
  loadConfig,
  runSnapshot,
  stageConfigFiles,
} from "@/lib/exports/config-delivery";
import type { ConfigTableKey } from "@/lib/exports/config-tables";
import type { RowKey, RunWindow } from "@/lib/exports/window-query";
import { stagingVolumeName } from "@/lib/exports/staging-volume";
import { errorFields, log, type Logger } from "@/lib/log";
import { recordStep, type StepOutcome } from "@/lib/exports/run-steps";

// An export, written once as named steps: Inngest runs it in production (each step retried and
// memoised on its own), the local runner runs it in process. Every step is idempotent, does a
// bounded amount of work whatever the window's size (one staged file, or COPY_FILES_PER_STEP
// files), renews the worker's lease on the run, and returns only small results free of secrets.

export type Step = { run<T>(name: string, work: () => Promise<T>): Promise<T> };
export type ExportOutcome = {
  /** The last run worked on, if any. */
  runId: string | null;
  status: "skipped" | "succeeded" | "failed";
  /** Rows delivered by the runs of this call. */
  rows: number;
  /** Runs finished by this call (a backlog larger than one run's cap takes several). */
  runs: number;
};

async function loadRun(runId: string) {
  const run = await db.exportRun.findUniqueOrThrow({ where: { id: runId } });
  const target = run.target as RunTarget;
  const databricks: DatabricksTarget = { ...target, destinationId: run.destinationId };
  const directory = `/Volumes/${target.catalog}/${target.schema}/${stagingVolumeName(run.destinationId)}/${run.id}`;
  const filter = EventFilter.parse(run.filter);
  const window: RunWindow = run.backfillId
    ? { projectId: target.projectId, fromTime: run.fromTime!, toTime: run.toTime!, filter }
    : {
        projectId: target.projectId,
        fromTxid: run.fromTxid,
        exportFrom: run.exportFrom!,
        toTxid: run.toTxid!,
        filter,
      };
  return {
    run,
    target,
    databricks,
    directory,
    window,
    tags: { deltaport_destination: run.destinationId, deltaport_run: run.id },
  };
}

/** A table whose columns have other types than the export writes: the run stops, naming them. */
function schemaMismatch(target: RunTarget, mismatched: TypeMismatch[]) {
  const table = `${target.catalog}.${target.schema}.${target.table}`;
  const columns = mismatched
    .map((m) => `\`${m.name}\` is ${m.actual} in the table, Deltaport writes ${m.expected}`)
    .join("; ");
  return new DatabricksError(
    "SCHEMA_MISMATCH",
    `The table ${table} does not fit the exported events: ${columns}. Change the column's type, or point the destination at a new table.`,
  );
}

/**
 * Creates the staging volume and the table if missing, and adds columns an older table lacks.
 * Each run starts with a fresh token exchange, so that a revoked policy fails the next run.
 */
async function prepare(runId: string) {
  const { target, databricks, tags } = await loadRun(runId);
  const snapshot = await runSnapshot(runId);
  forgetWorkspaceToken(databricks);
  await withDatabricksSession(databricks, tags, async (sql) => {
    await sql.query(
      `CREATE VOLUME IF NOT EXISTS ${qualifiedName(target.catalog, target.schema, stagingVolumeName(databricks.destinationId))}`,
    );
    await sql.query(createEventTableSql(target, target.jsonColumnType));
    const described = describedColumns(
      await sql.query(`DESCRIBE TABLE ${qualifiedName(target.catalog, target.schema, target.table)}`),
    );
    // Checked before any change: a principal with MODIFY must not alter the customer's table
    // and then fail on it.
    const mismatched = typeMismatches(described, target.jsonColumnType);
    if (mismatched.length) throw schemaMismatch(target, mismatched);
    const missing = missingColumns(described, target.jsonColumnType);
    if (missing.some((c) => c.type === "VARIANT")) await sql.query(enableVariantSql(target));
    if (missing.length) await sql.query(addColumnsSql(target, missing));
    if (target.mergedIdsTable)
      await sql.query(createMergedIdsTableSql({ ...target, table: target.mergedIdsTable }));
    if (snapshot) for (const statement of createConfigTablesSql(target)) await sql.query(statement);
  });
  return { prepared: true, mergedIds: Boolean(target.mergedIdsTable), config: Boolean(snapshot) };
}

type StagedPart = { name: string; rows: number; bytes: number; last: RowKey } | null;

/**
 * Writes one file of the run with `write` in a local directory of its own, and PUTs it into
 * the run's staging directory as `name`. Local disk holds this one file, removed before the
 * step ends. Null when `write` finds no row left.
 */
async function stageOne(
  runId: string,
  name: string,
  write: (localPath: string) => Promise<{ rows: number; last: RowKey } | null>,
): Promise<StagedPart> {
  const { databricks, directory, tags } = await loadRun(runId);
  const local = mkdtempSync(path.join(tmpdir(), `deltaport-${runId}-`));
  try {
    const localPath = path.join(local, name);
    const file = await write(localPath);
    if (!file) return null;
    await withDatabricksSession(databricks, tags, (sql) =>
      sql.query(`PUT '${localPath}' INTO '${directory}/${name}' OVERWRITE`, {
        stagingAllowedLocalPath: [local],
      }),
    );
    return { name, rows: file.rows, bytes: statSync(localPath).size, last: file.last };
  } finally {
    rmSync(local, { recursive: true, force: true });
  }
}

/** The frozen window's next events file (the rows after `after`); the same window, the same files. */
async function stageFile(runId: string, index: number, after: RowKey | null): Promise<StagedPart> {
  const { run, window } = await loadRun(runId);
  return stageOne(runId, stagedFileName(run.fileFormat, index), (localPath) =>
    writeWindowFile(run.fileFormat, window, after, localPath),
  );
}

/** The run's next merge-ledger file (the ledger rows after `after`). */
async function stageMergesFile(runId: string, index: number, after: RowKey | null): Promise<StagedPart> {
  const { window } = await loadRun(runId);
  return stageOne(runId, mergesFileName(index), (localPath) =>
    writeMergesParquetFile(window, after, localPath, { maxRows: FILE_MAX_ROWS, maxBytes: FILE_MAX_BYTES }),
  );
}

/** COPY INTO the merged-IDs table of some of the run's merge files, by name, without force. */
async function copyMergeFiles(runId: string, files: string[]) {
  const { target, databricks, directory, tags } = await loadRun(runId);
  const [result] = await withDatabricksSession(databricks, tags, (sql) =>
    sql.query(copyMergedIdsSql({ ...target, table: target.mergedIdsTable! }, directory, files)),
  );
  return { inserted: Number(result?.num_inserted_rows ?? 0) };
}

/** The run's data-configuration snapshot: its files staged (config-delivery.ts). */
async function stageConfig(runId: string) {
  const { target, databricks, directory, tags } = await loadRun(runId);
  return stageConfigFiles({ runId, target, databricks, directory, tags });
}

/** The snapshot's files loaded, older snapshots retired, the views replaced. */
async function copyConfig(runId: string, tables: ConfigTableKey[]) {
  const { target, databricks, directory, tags } = await loadRun(runId);
  return loadConfig({ runId, target, databricks, directory, tags }, tables);
}

/** COPY INTO of some of the run's files, by name and without force: files already loaded are skipped. */
async function copyFiles(runId: string, files: string[]) {
  const { run, target, databricks, directory, tags } = await loadRun(runId);
  const format = COPY_FILE_FORMAT[run.fileFormat];
  const [result] = await withDatabricksSession(databricks, tags, (sql) =>
    sql.query(copyIntoSql(target, directory, files, target.jsonColumnType, format)),
  );
  return { inserted: Number(result?.num_inserted_rows ?? 0) };
}

/**
 * In one transaction, if this worker still holds the run: the run is finished, and the
 * recurring export's watermark advances to the run's horizon, or the backfill's cursor to the
 * chunk's end. A capped recurring run leaves more events waiting: the next run is due now.
 */
async function commit(
  runId: string,
  owner: string,
  staged: { files: string[]; rows: number; bytes: number; mergeFiles: string[]; mergeRows: number | null },
) {
  const now = new Date();
  const { notice, capped } = await db.$transaction(async (tx) => {
    const run = await tx.exportRun.findUniqueOrThrow({ where: { id: runId } });
    const done = (notice: string | null) => ({ notice, capped: run.capped });
    if (run.status === "SUCCEEDED" && run.leaseOwner === owner) return done(null); // this step, retried
    if (run.status !== "RUNNING" || run.leaseOwner !== owner) throw new LeaseLost(runId);
    const finished = await tx.exportRun.updateMany({
      where: { id: runId, status: "RUNNING" },
      data: {
        status: "SUCCEEDED",
        finishedAt: now,
        files: staged.files,
        rows: staged.rows,
        mergeFiles: staged.mergeFiles,
        mergeRows: staged.mergeRows,
        bytes: BigInt(staged.bytes),
        errorClass: null,
        errorMessage: null,
      },
    });
    if (finished.count === 0) throw new LeaseLost(runId);
    if (run.backfillId) return done(await advanceBackfill(tx, run.backfillId, run.toTime!, staged.rows, now));
    const destination = await tx.destination.findUniqueOrThrow({ where: { id: run.destinationId } });
    // A delivered snapshot: the warehouse holds its content now, and the next is due from it.
    const snapshot = await tx.configSnapshot.findUnique({ where: { runId } });
    if (snapshot)
      await tx.configSnapshot.update({
        where: { id: snapshot.id },
        data: { deliveredAt: now, content: Prisma.DbNull },
      });
    await tx.destination.update({
      where: { id: run.destinationId },
      data: {
        watermarkTxid: run.toTxid,
        health: "HEALTHY",
        nextRunAt: run.capped ? now : nextTick(now, destination.frequencyMinutes),
        // Caught up: every event stored before the run was planned is delivered (lag's origin).
        ...(run.capped ? {} : { deliveredThrough: run.startedAt }),
        ...(snapshot
          ? { configSnapshotVersion: snapshot.configVersion, configSnapshotAt: snapshot.takenAt }
          : {}),
      },
    });
    return done(null);
  });
  const run = await db.exportRun.findUniqueOrThrow({ where: { id: runId }, select: { destinationId: true } });
  await resolveAlerts(run.destinationId, "FAILING", now);
  if (notice) await notifyBackfillCompleted(notice);
  return { committed: true, capped };
}

/** Removes some of the staged files (best effort: leftovers are harmless and never reused). */
async function cleanup(runId: string, files: string[]) {
  const { databricks, directory, tags } = await loadRun(runId);
  try {
    await withDatabricksSession(databricks, tags, async (sql) => {
      for (const file of files)
        await sql.query(`REMOVE '${directory}/${file}'`, { stagingAllowedLocalPath: [tmpdir()] });
    });
    return { removed: files.length };
  } catch {
    return { removed: 0 };
  }
}

/**
 * A failure that retrying will not fix: the run fails, the destination turns failing, the
 * watermark stays. Only a running run fails: a finished run's status never changes again.
 */
export async function recordRunFailure(runId: string, error: DatabricksError, now = new Date()) {
  const destination = await db.$transaction(async (tx) => {
    const { count } = await tx.exportRun.updateMany({
      where: { id: runId, status: "RUNNING" },
      data: {
        status: "FAILED",
        finishedAt: now,
        errorClass: error.code,
        errorMessage: error.userMessage.slice(0, 2000),
      },
    });
    if (count === 0) return null;
    // A snapshot that was not delivered: the next run takes a new one.
    await tx.configSnapshot.updateMany({ where: { runId }, data: { content: Prisma.DbNull } });
    const run = await tx.exportRun.findUniqueOrThrow({ where: { id: runId } });
    if (run.backfillId)
      await tx.backfill.updateMany({
        where: { id: run.backfillId, status: "RUNNING" },
        data: { status: "FAILED", finishedAt: now },
      });
    const destination = await tx.destination.findUniqueOrThrow({ where: { id: run.destinationId } });
    await tx.destination.update({
      where: { id: run.destinationId },
      data: { health: "FAILING", nextRunAt: nextTick(now, destination.frequencyMinutes) },
    });
    return destination;
  });
  if (destination)
    await raiseAlert(destination, "FAILING", `The last run failed (${error.code}): ${error.userMessage}`);
}

type StepFailure = { code: DatabricksError["code"]; message: string; detail?: string };
type Stop = { failure: StepFailure } | { leaseLost: true } | { cancelled: true };
type StepResult<T> = { ok: T } | Stop;

/** Ends a run's steps: with a failure to record, because another worker holds the run, or cancelled. */
class RunStopped extends Error {
  constructor(readonly reason: Stop) {
    super("failure" in reason ? reason.failure.message : "stopped");
  }
}

/** Whether an unrecognised error has been retried enough: it fails the run from the last attempt on. */
async function givesUp(runId: string, error: DatabricksError): Promise<boolean> {
  if (error.code !== "UNKNOWN") return false;
  const run = await db.exportRun.findUnique({ where: { id: runId }, select: { attempts: true } });
  return (run?.attempts ?? 0) >= UNKNOWN_ERROR_RUN_ATTEMPTS;
}

/**
 * Delivers one planned run: prepare → the data-configuration snapshot, when the run took one
 * (stage-config, copy-config) → stage (a step per file: the events, then the merge ledger when
 * the target has a merged-IDs table) → copy (a step per COPY_FILES_PER_STEP files, into each
 * table) → commit → cleanup. Returns the rows delivered and whether the window was capped.
 */
async function deliverRun(
  step: Step,
  runId: string,
  owner: string,
  name: (step: string) => string,
  logger: Logger,
): Promise<{ rows: number; capped: boolean }> {
  // Each step renews the lease first; an error retrying cannot fix is returned as the step's
  // result (not thrown), so that it ends the run instead of being retried. Each step that
  // executes (a memoised one does not) logs its name and duration.
  const attempt = async <T>(stepName: string, work: () => Promise<T>): Promise<T> => {
    const result = await step.run(name(stepName), async (): Promise<StepResult<T>> => {
      const started = new Date();
      // Logged and recorded for the run detail page.
      const done = async (outcome: StepOutcome, problem?: { errorClass: string } | { error: unknown }) => {
        const fields = problem && "error" in problem ? errorFields(problem.error) : (problem ?? {});
        logger.info(
          { step: stepName, ms: Date.now() - started.getTime(), outcome, ...fields },
          `step ${stepName}: ${outcome}`,
        );
        // What every role may read on the run page: Databricks' classified message, or only
        // that something unexpected happened (its details are in the logs, not in the database).
        const error =
          problem && "error" in problem
            ? problem.error instanceof DatabricksError
              ? `${problem.error.code}: ${problem.error.userMessage}`
              : "unexpected error (details in the logs)"
            : problem?.errorClass;
        await recordStep(logger, runId, name(stepName), started, outcome, error);
      };
      try {
        if (stepName !== "commit") await renewLease(runId, owner);
        const ok = await work();
        await done("done");
        return { ok };
      } catch (error) {
        if (error instanceof LeaseLost) {
          await done("lease lost");
          return { leaseLost: true };
        }
        if (error instanceof RunCancelled) {
          await done("cancelled");
          return { cancelled: true };
        }
        if (error instanceof DatabricksError && (!error.retryable || (await givesUp(runId, error)))) {
          await done("failed", { errorClass: `${error.code}: ${error.userMessage}` });
          return { failure: { code: error.code, message: error.userMessage, detail: error.detail } };
        }
        // Thrown: the runner retries the step with backoff.
        await done("error, retried", { error });
        throw error;
      }
    });
    if ("ok" in result) return result.ok;
    throw new RunStopped(result);
  };

  // Stages a window's files one step each, resuming after the last row of the file before.
  const stageAll = async (prefix: string, stage: typeof stageFile) => {
    const staged = { files: [] as string[], rows: 0, bytes: 0 };
    let after: RowKey | null = null;
    for (;;) {
      const part: StagedPart = await attempt(`${prefix}-${staged.files.length}`, () =>
        stage(runId, staged.files.length, after),
      );
      if (!part) return staged;
      staged.files.push(part.name);
      staged.rows += part.rows;
      staged.bytes += part.bytes;
      after = part.last;
    }
  };
  // Runs `work` on `files` in steps of COPY_FILES_PER_STEP files.
  const inBatches = async (files: string[], each: (batch: string[], index: number) => Promise<unknown>) => {
    for (let i = 0; i < files.length; i += COPY_FILES_PER_STEP)
      await each(files.slice(i, i + COPY_FILES_PER_STEP), i / COPY_FILES_PER_STEP);
  };

  const { mergedIds, config } = await attempt("prepare", () => prepare(runId));
  // The data-configuration snapshot, when the run took one: before any event is copied, so
  // that a snapshot which cannot be loaded fails the run before its events land.
  const configTables = config ? (await attempt("stage-config", () => stageConfig(runId))).tables : [];
  if (config) await attempt("copy-config", () => copyConfig(runId, configTables));
  const events = await stageAll("stage", stageFile);
  // The merge ledger of the same window, into its own table, file by file in the same way.
  const merges = mergedIds ? await stageAll("stage-merges", stageMergesFile) : null;
  const { files, rows } = events;
  const mergeFiles = merges?.files ?? [];
  const bytes = events.bytes + (merges?.bytes ?? 0);
  await inBatches(files, (batch, i) => attempt(`copy-${i}`, () => copyFiles(runId, batch)));
  await inBatches(mergeFiles, (batch, i) => attempt(`copy-merges-${i}`, () => copyMergeFiles(runId, batch)));
  // Whether more waits beyond this run comes back with the commit (memoised like any step).
  const { capped } = await attempt("commit", () =>
    commit(runId, owner, { files, rows, bytes, mergeFiles, mergeRows: merges?.rows ?? null }),
  );
  await inBatches([...files, ...mergeFiles, ...configFiles(configTables)], (batch, i) =>
    step.run(name(`cleanup-${i}`), () => cleanup(runId, batch)),
  );
  return { rows, capped };
}

/**
 * Delivers a lane's runs as `owner` (the function run or local worker): the run `plan` opens,
 * and while runs are capped, the next ones back to back, until the lane is caught up or this
 * call has used STEP_BUDGET steps (then the next dispatch goes on). Transient errors are thrown,
 * for the runner to retry that step with backoff; an error that retrying cannot fix (a refused
 * token, a missing grant or table, a schema mismatch) ends the run as failed, the watermark
 * untouched. A worker that finds another holding the run stands back.
 */
async function deliverLane(
  step: Step,
  owner: string,
  plan: () => Promise<PlannedRun | null>,
  logger: Logger,
): Promise<ExportOutcome> {
  let steps = 0;
  const counted: Step = {
    run: (name, work) => {
      steps++;
      return step.run(name, work);
    },
  };
  const outcome: ExportOutcome = { runId: null, status: "skipped", rows: 0, runs: 0 };
  for (let ordinal = 1; steps < STEP_BUDGET; ordinal++) {
    // Step names are unique within a call: the first run's are plain, later ones numbered.
    const name = (stepName: string) => (ordinal === 1 ? stepName : `${stepName} (run ${ordinal})`);
    const planned = await counted.run(name("plan"), async () => {
      const started = new Date();
      const opened = await plan();
      if (opened) {
        logger.info({ destinationId: opened.destinationId, runId: opened.runId }, "run planned");
        await recordStep(logger, opened.runId, name("plan"), started, "done");
      }
      return opened;
    });
    if (!planned) return outcome;
    const { runId } = planned;
    outcome.runId = runId;
    const runLog = logger.child({ destinationId: planned.destinationId, runId });
    try {
      const delivered = await deliverRun(counted, runId, owner, name, runLog);
      runLog.info({ rows: delivered.rows, capped: delivered.capped }, "run succeeded");
      outcome.status = "succeeded";
      outcome.rows += delivered.rows;
      outcome.runs++;
      if (!delivered.capped) return outcome;
    } catch (error) {
      if (!(error instanceof RunStopped)) {
        runLog.warn(errorFields(error), "run interrupted; it resumes on the next attempt");
        throw error;
      }
      if (!("failure" in error.reason)) {
        runLog.info({ reason: Object.keys(error.reason)[0] }, "run left to its holder");
        return { ...outcome, status: outcome.runs ? "succeeded" : "skipped" };
      }
      const { code, message, detail } = error.reason.failure;
      runLog.warn({ errorClass: code, message }, "run failed");
      await counted.run(name("record-failure"), () =>
        recordRunFailure(runId, new DatabricksError(code, message, detail)).then(() => ({ failed: true })),
      );
      return { ...outcome, status: "failed" };
    }
  }
  return outcome;
}

/** How a lane runs: its row cap per run, and the logger its lines go to (with the request's id). */
export type LaneOptions = { maxRows?: number; logger?: Logger };

/** The recurring export of a destination: its due window, and a backlog's next ones. */
export function exportDestination(
  step: Step,
  destinationId: string,
  owner: string,
  { maxRows = RUN_MAX_ROWS, logger = log() }: LaneOptions = {},
): Promise<ExportOutcome> {
  return deliverLane(
    step,
    owner,
    () => planRun(destinationId, owner, new Date(), maxRows),
    logger.child({ destinationId }),
  );
}

/** A backfill: its chunks back to back (each a bounded run), alongside the recurring export. */
export function exportBackfill(
  step: Step,
  backfillId: string,
  owner: string,
  { maxRows = RUN_MAX_ROWS, logger = log() }: LaneOptions = {},
): Promise<ExportOutcome> {
  return deliverLane(
    step,
    owner,
    async () => {
      const planned = await planBackfillChunk(backfillId, owner, new Date(), maxRows);
      if (planned && "completed" in planned) {
        await notifyBackfillCompleted(backfillId); // nothing (more) was left to deliver
        return null;
      }
      return planned;
    },
    logger.child({ backfillId }),
  );
}
