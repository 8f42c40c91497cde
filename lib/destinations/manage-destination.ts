import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit";
import { checkWorkspaceHost } from "@/lib/databricks/workspace-host";
import { db } from "@/lib/db/prisma";
import { tableTakenMessage, workspaceTableTaken } from "@/lib/destinations/create-destination";
import { CONFIG_EXPORT_TABLE_TOO_LONG, type CredentialInput } from "@/lib/destinations/destination-input";
import { CONFIG_EXPORT_MAX_TABLE_NAME } from "@/lib/exports/config-tables";
import { AppError } from "@/lib/errors";
import { selectableFilter } from "@/lib/destinations/filter-custom-event";
import { storedFilter, type EventFilter } from "@/lib/exports/event-filter";
import { nextTick } from "@/lib/exports/schedule";
import type { Destination, Prisma } from "@/lib/generated/prisma/client";

// Changes to a live destination. Each function takes the destination as the action frame
// loaded it (live, of the actor's project), changes it and records the change in one
// transaction.

async function change(
  actor: Actor,
  destination: Destination,
  action: string,
  data: Prisma.DestinationUpdateInput,
  before: Prisma.InputJsonValue,
  after: Prisma.InputJsonValue,
  /** What must hold in the change's transaction, checked before it writes. */
  check?: (tx: Prisma.TransactionClient) => Promise<unknown>,
) {
  await db.$transaction(async (tx) => {
    await check?.(tx);
    await tx.destination.update({ where: { id: destination.id, projectId: actor.projectId }, data });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action,
      resourceType: "destination",
      resourceId: destination.id,
      before,
      after,
    });
  });
}

/** Filter and frequency (destinations.write). The filter applies from the next run planned. */
export async function updateSchedule(
  actor: Actor,
  destination: Destination,
  input: { frequencyMinutes: number; filter: EventFilter },
  now = new Date(),
) {
  // The custom event it selects is checked (and held) in the change's transaction.
  const filter = storedFilter(input.filter);
  await change(
    actor,
    destination,
    "destination.schedule.update",
    {
      frequencyMinutes: input.frequencyMinutes,
      filter,
      nextRunAt: nextTick(now, input.frequencyMinutes),
    },
    { frequencyMinutes: destination.frequencyMinutes, filter: destination.filter as Prisma.InputJsonValue },
    { frequencyMinutes: input.frequencyMinutes, filter },
    (tx) => selectableFilter(tx, actor.projectId, input.filter),
  );
}

/**
 * Turns the merged-IDs export on (naming its table) or off (credentials.write: it writes a new
 * table with the service principal). It applies from the next run planned: a run keeps the
 * target it was planned with. Turned on, runs deliver the merges recorded since their window's
 * start; merges older than the watermark come with a backfill.
 */
export async function updateMergedIds(actor: Actor, destination: Destination, mergedIdsTable: string | null) {
  if (mergedIdsTable && mergedIdsTable.toLowerCase() === destination.table.toLowerCase())
    throw new AppError(
      "INVALID_INPUT",
      "The merged-IDs table needs a name of its own, not the events table's",
      "mergedIdsTable",
    );
  if ((destination.mergedIdsTable ?? null) === mergedIdsTable) return;
  await change(
    actor,
    destination,
    "destination.merged_ids.update",
    { mergedIdsTable },
    { mergedIdsTable: destination.mergedIdsTable },
    { mergedIdsTable },
  );
}

/**
 * Turns the data-configuration export on or off (credentials.write: it writes new tables and
 * views with the service principal). Turned on, the next run planned takes a snapshot and
 * creates the views, even if one was delivered before the export was turned off.
 */
export async function updateDataConfigExport(
  actor: Actor,
  destination: Destination,
  exportDataConfig: boolean,
) {
  if (destination.exportDataConfig === exportDataConfig) return;
  if (exportDataConfig && destination.table.length > CONFIG_EXPORT_MAX_TABLE_NAME)
    throw new AppError("INVALID_INPUT", CONFIG_EXPORT_TABLE_TOO_LONG, "exportDataConfig");
  await change(
    actor,
    destination,
    "destination.data_config.update",
    {
      exportDataConfig,
      ...(exportDataConfig ? { configSnapshotVersion: null, configSnapshotAt: null } : {}),
    },
    { exportDataConfig: destination.exportDataConfig },
    { exportDataConfig },
  );
}

/** Pause or resume (destinations.write). Resuming schedules the next tick; nothing is skipped. */
export async function setPaused(actor: Actor, destination: Destination, paused: boolean, now = new Date()) {
  const state = paused ? "PAUSED" : "ACTIVE";
  if (destination.state === state) return;
  await change(
    actor,
    destination,
    paused ? "destination.pause" : "destination.resume",
    { state, ...(paused ? {} : { nextRunAt: nextTick(now, destination.frequencyMinutes) }) },
    { state: destination.state },
    { state },
  );
}

/** Workspace, credential and target (credentials.write). */
export async function updateCredentials(
  actor: Actor,
  destination: Destination,
  input: CredentialInput,
  allowedHosts: readonly string[],
) {
  const host = checkWorkspaceHost(input.workspaceHost, allowedHosts);
  if (!host.ok) throw new AppError("INVALID_INPUT", host.reason, "workspaceHost");
  const next: CredentialInput = {
    ...input,
    workspaceHost: host.value.origin,
    clientId: input.clientId.toLowerCase(),
    warehouseId: input.warehouseId.toLowerCase(),
  };
  if (await workspaceTableTaken(destination.organizationId, next, destination.id))
    throw new AppError("CONFLICT", tableTakenMessage(next), "table");
  const pick = (d: CredentialInput): CredentialInput => ({
    workspaceHost: d.workspaceHost,
    clientId: d.clientId,
    warehouseId: d.warehouseId,
    catalog: d.catalog,
    schema: d.schema,
    table: d.table,
  });
  await change(
    actor,
    destination,
    "destination.credentials.update",
    { ...next, name: `${next.catalog}.${next.schema}.${next.table}` },
    pick(destination),
    pick(next),
  );
}

/** Deletes the destination (destinations.delete); its run history stays for the audit. */
export async function deleteDestination(actor: Actor, destination: Destination, now = new Date()) {
  await change(
    actor,
    destination,
    "destination.delete",
    { deletedAt: now, state: "PAUSED" },
    { name: destination.name, state: destination.state },
    { deletedAt: now.toISOString() },
  );
}

/**
 * Run now (runs.trigger): writes a queued manual run. The caller then asks the jobs system to
 * start it; the row is the request either way, so nothing is lost if that request fails.
 */
export async function queueManualRun(actor: Actor, destination: Destination): Promise<{ runId: string }> {
  if (destination.state === "PAUSED")
    throw new AppError("CONFLICT", "This destination is paused: resume it to run it.");
  const run = await db.$transaction(async (tx) => {
    const created = await tx.exportRun.create({
      data: { destinationId: destination.id, trigger: "MANUAL", requestedById: actor.userId },
    });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "destination.run_now",
      resourceType: "destination",
      resourceId: destination.id,
      after: { runId: created.id },
    });
    return created;
  });
  return { runId: run.id };
}
