import "server-only";
import { db } from "@/lib/db/prisma";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";
import { checkWorkspaceHost } from "@/lib/databricks/workspace-host";
import type { DestinationInput } from "@/lib/destinations/destination-input";
import { isDestinationId } from "@/lib/destinations/destination-id";
import { selectableFilter } from "@/lib/destinations/filter-custom-event";
import { nextTick, startOfDayUtc } from "@/lib/exports/schedule";

export const tableTakenMessage = (input: { catalog: string; schema: string; table: string }) =>
  `Another destination of this organization already writes to ${input.catalog}.${input.schema}.${input.table} in this workspace. Choose another table, or edit that destination.`;

/**
 * Whether a live destination of this organization (of any of its projects) already loads this
 * workspace table. Other organizations' destinations are not looked at: one organization can
 * neither block another's table nor learn that it is taken.
 */
export async function workspaceTableTaken(
  organizationId: string,
  target: { workspaceHost: string; catalog: string; schema: string; table: string },
  exceptId?: string,
) {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM "Destination" WHERE "deletedAt" IS NULL AND "organizationId" = $6 AND lower("workspaceHost") = lower($1)
       AND lower("catalog") = lower($2) AND lower("schema") = lower($3) AND lower("table") = lower($4) AND id <> $5 LIMIT 1`,
    target.workspaceHost,
    target.catalog,
    target.schema,
    target.table,
    exceptId ?? "",
    organizationId,
  );
  return rows.length > 0;
}

/**
 * Creates the destination the wizard describes: active, exporting events ingested from the
 * start of today (UTC), first run at the next tick of its frequency. The numeric service
 * principal id is not a parameter: it is never stored.
 */
export async function createDestination(
  actor: Actor,
  id: string,
  input: Omit<DestinationInput, "servicePrincipalId" | "mergedIdsTable" | "exportDataConfig"> & {
    mergedIdsTable?: string | null;
    exportDataConfig?: boolean;
  },
  allowedHosts: readonly string[],
  now = new Date(),
) {
  if (!isDestinationId(id))
    throw new AppError("INVALID_INPUT", "This wizard's destination id is not valid; open the wizard again.");
  const host = checkWorkspaceHost(input.workspaceHost, allowedHosts);
  if (!host.ok) throw new AppError("INVALID_INPUT", host.reason, "workspaceHost");
  const target = {
    workspaceHost: host.value.origin,
    catalog: input.catalog,
    schema: input.schema,
    table: input.table,
  };
  if (await workspaceTableTaken(actor.organizationId, target))
    throw new AppError("CONFLICT", tableTakenMessage(input), "table");
  if (await db.destination.findUnique({ where: { id }, select: { id: true } })) {
    throw new AppError(
      "CONFLICT",
      "This destination was already created; open it from the Destinations tab.",
    );
  }
  const data = {
    id,
    projectId: actor.projectId,
    organizationId: actor.organizationId,
    name: `${input.catalog}.${input.schema}.${input.table}`,
    frequencyMinutes: input.frequencyMinutes,
    ...target,
    clientId: input.clientId.toLowerCase(),
    warehouseId: input.warehouseId.toLowerCase(),
    jsonColumnType: input.jsonColumnType,
    policyVariant: input.policyVariant,
    mergedIdsTable: input.mergedIdsTable ?? null,
    exportDataConfig: input.exportDataConfig ?? false,
    exportFrom: startOfDayUtc(now),
    nextRunAt: nextTick(now, input.frequencyMinutes),
    createdById: actor.userId,
  };
  try {
    return await db.$transaction(async (tx) => {
      // The custom event the filter selects is checked (and held) in this transaction.
      const filter = await selectableFilter(tx, actor.projectId, input.filter);
      const destination = await tx.destination.create({ data: { ...data, filter } });
      await recordAudit(tx, {
        organizationId: actor.organizationId,
        actorId: actor.userId,
        action: "destination.create",
        resourceType: "destination",
        resourceId: id,
        after: {
          ...data,
          filter,
          exportFrom: data.exportFrom.toISOString(),
          nextRunAt: data.nextRunAt.toISOString(),
        },
      });
      return destination;
    });
  } catch (error) {
    // Two admins racing for one table: the partial unique index decides.
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", tableTakenMessage(input), "table");
    throw error;
  }
}
