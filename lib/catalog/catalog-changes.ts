import "server-only";
import { db } from "@/lib/db/prisma";
import type { Actor } from "@/lib/auth/actor";
import {
  NEW_CATEGORY,
  type EventTypeUpdateInput,
  type PlanEventTypeInput,
  type PropertyUpdateInput,
} from "@/lib/catalog/catalog-input";
import { recordConfigChange } from "@/lib/catalog/config-change";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

// What people change in the catalog. Each change runs in one transaction with its
// recordConfigChange (config version and audit entry, with before and after); a change that
// changes nothing records nothing. Discovery writes other columns of the same rows (seen times,
// types), so these updates name only the columns people own.

type Tx = Prisma.TransactionClient;

const EVENT_TYPE_NOT_FOUND = "This event type is not in the catalog.";
const PROPERTY_NOT_FOUND = "This property is not in the catalog.";

/** Locks a catalog row for the rest of the transaction, so that `before` is what the update replaces. */
async function lockRow(tx: Tx, sql: string, ...params: string[]): Promise<boolean> {
  const rows = await tx.$queryRawUnsafe<unknown[]>(`${sql} FOR UPDATE`, ...params);
  return rows.length > 0;
}

/** The category an update names: none, one of the project's, or a new one (made, or found by name). */
async function resolveCategory(
  tx: Tx,
  projectId: string,
  input: Pick<EventTypeUpdateInput, "categoryId" | "newCategory">,
): Promise<{ id: string; name: string } | null> {
  if (input.categoryId === "") return null;
  if (input.categoryId === NEW_CATEGORY)
    return tx.eventCategory.upsert({
      where: { projectId_name: { projectId, name: input.newCategory } },
      create: { projectId, name: input.newCategory },
      update: {},
      select: { id: true, name: true },
    });
  // Tenant-scoped: another project's category id is not one of this project's.
  const category = await tx.eventCategory.findFirst({
    where: { id: input.categoryId, projectId },
    select: { id: true, name: true },
  });
  if (!category) throw new AppError("NOT_FOUND", "This category does not exist.", "categoryId");
  return category;
}

/** Sets an event type's display name, description, category and status. */
export async function updateEventType(actor: Actor, input: EventTypeUpdateInput): Promise<void> {
  await db.$transaction(async (tx) => {
    const key = { projectId: actor.projectId, eventType: input.eventType };
    const found = await lockRow(
      tx,
      `SELECT 1 FROM catalog_event_types WHERE project_id = $1 AND event_type = $2`,
      key.projectId,
      key.eventType,
    );
    if (!found) throw new AppError("NOT_FOUND", EVENT_TYPE_NOT_FOUND);
    const current = await tx.catalogEventType.findUniqueOrThrow({
      where: { projectId_eventType: key },
      select: { displayName: true, description: true, categoryId: true, status: true },
    });
    const currentCategory = current.categoryId
      ? await tx.eventCategory.findFirst({
          where: { id: current.categoryId, projectId: actor.projectId },
          select: { name: true },
        })
      : null;
    const category = await resolveCategory(tx, actor.projectId, input);
    const next = {
      displayName: input.displayName || null,
      description: input.description || null,
      categoryId: category?.id ?? null,
      status: input.status,
    };
    const unchanged =
      next.displayName === current.displayName &&
      next.description === current.description &&
      next.categoryId === current.categoryId &&
      next.status === current.status;
    if (unchanged) return;
    await tx.catalogEventType.update({ where: { projectId_eventType: key }, data: next });
    const described = (value: typeof next, categoryName: string | null) => ({
      eventType: input.eventType,
      displayName: value.displayName,
      description: value.description,
      category: categoryName,
      status: value.status,
    });
    await recordConfigChange(tx, actor, "catalog.eventType.update", {
      before: described(current, currentCategory?.name ?? null),
      after: described(next, category?.name ?? null),
    });
  });
}

/** Adds an event type not seen yet, as planned. */
export async function planEventType(actor: Actor, input: PlanEventTypeInput): Promise<void> {
  await db.$transaction(async (tx) => {
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO catalog_event_types (project_id, event_type, status)
       VALUES ($1, $2, 'PLANNED') ON CONFLICT (project_id, event_type) DO NOTHING`,
      actor.projectId,
      input.eventType,
    );
    if (inserted === 0)
      throw new AppError("CONFLICT", "This event type is already in the catalog.", "eventType");
    await recordConfigChange(tx, actor, "catalog.eventType.plan", {
      after: { eventType: input.eventType, status: "PLANNED" },
    });
  });
}

/** Sets a property's description and classifications. */
export async function updateProperty(actor: Actor, input: PropertyUpdateInput): Promise<void> {
  await db.$transaction(async (tx) => {
    const key = {
      projectId: actor.projectId,
      scope: input.scope,
      eventType: input.eventType,
      name: input.name,
    };
    const found = await lockRow(
      tx,
      `SELECT 1 FROM catalog_properties
       WHERE project_id = $1 AND scope = $2::"PropertyScope" AND event_type = $3 AND name = $4`,
      key.projectId,
      key.scope,
      key.eventType,
      key.name,
    );
    if (!found) throw new AppError("NOT_FOUND", PROPERTY_NOT_FOUND);
    const where = { projectId_scope_eventType_name: key };
    const current = await tx.catalogProperty.findUniqueOrThrow({
      where,
      select: { description: true, classifications: true },
    });
    // Kept in one order, so that the same choice never reads as a change.
    const next = {
      description: input.description || null,
      classifications: [...input.classifications].sort(),
    };
    const before = { description: current.description, classifications: [...current.classifications].sort() };
    if (
      before.description === next.description &&
      before.classifications.join() === next.classifications.join()
    )
      return;
    await tx.catalogProperty.update({ where, data: next });
    const property = { scope: input.scope, eventType: input.eventType, name: input.name };
    await recordConfigChange(tx, actor, "catalog.property.update", {
      before: { ...property, ...before },
      after: { ...property, ...next },
    });
  });
}
