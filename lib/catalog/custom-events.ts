import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { recordConfigChange } from "@/lib/catalog/config-change";
import { lockProjectConfig } from "@/lib/catalog/config-lock";
import {
  CustomEventDefinition,
  describeCustomEvent,
  type CustomEventInput,
} from "@/lib/catalog/custom-event-definition";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";
import type { CustomEvent, Prisma } from "@/lib/generated/prisma/client";
import { quote, quotedList } from "@/lib/exports/property-condition";

// A project's custom events (lib/catalog/custom-event-definition.ts): listed, created, edited
// and deleted (softly: a deleted one keeps its row, so that audit entries and frozen runs still
// make sense). As in Amplitude, a custom event groups existing events and leaves them as they
// are (https://amplitude.com/docs/data/custom-events). Every change bumps the project's
// configuration version and is audited (recordConfigChange).

export type CustomEventItem = {
  id: string;
  name: string;
  description: string;
  definition: CustomEventDefinition;
  sentence: string;
  updatedAt: Date;
};

const itemOf = (row: CustomEvent): CustomEventItem => {
  const definition = CustomEventDefinition.parse(row.definition);
  return {
    id: row.id,
    name: row.name,
    description: row.description ?? "",
    definition,
    sentence: describeCustomEvent(definition),
    updatedAt: row.updatedAt,
  };
};

/** What the audit log keeps of a custom event. */
const audited = (event: { id: string; name: string; description: string | null; definition: unknown }) => ({
  id: event.id,
  name: event.name,
  description: event.description ?? "",
  definition: event.definition as Prisma.InputJsonValue,
});

/** The project's live custom events, by name. */
export async function listCustomEvents(projectId: string): Promise<CustomEventItem[]> {
  const rows = await db.customEvent.findMany({
    where: { projectId, deletedAt: null },
    orderBy: { name: "asc" },
  });
  return rows.map(itemOf);
}

/** One live custom event of the project, or null (another project's is null too). */
export async function findCustomEvent(projectId: string, id: string): Promise<CustomEventItem | null> {
  const row = await db.customEvent.findFirst({ where: { id, projectId, deletedAt: null } });
  return row ? itemOf(row) : null;
}

/** Names are unique among the project's live custom events, whatever their case. */
async function requireFreeName(
  tx: Prisma.TransactionClient,
  projectId: string,
  name: string,
  except?: string,
) {
  const taken = await tx.customEvent.findFirst({
    where: {
      projectId,
      deletedAt: null,
      name: { equals: name, mode: "insensitive" },
      ...(except ? { id: { not: except } } : {}),
    },
    select: { name: true },
  });
  if (taken)
    throw new AppError("CONFLICT", `A custom event named ${quote(taken.name)} exists already.`, "name");
}

const NOT_FOUND = "This custom event does not exist (any more).";

export async function createCustomEvent(actor: Actor, input: CustomEventInput): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    await lockProjectConfig(tx, actor.projectId);
    await requireFreeName(tx, actor.projectId, input.name);
    const row = await tx.customEvent.create({
      data: {
        projectId: actor.projectId,
        name: input.name,
        description: input.description || null,
        definition: input.definition,
      },
    });
    await recordConfigChange(tx, actor, "customEvent.create", { after: audited(row) });
    return { id: row.id };
  });
}

/**
 * Changes a custom event's name, description and definition. Destinations that select it use
 * the new definition from their next planned run; runs already planned keep the one they froze.
 */
export async function updateCustomEvent(actor: Actor, id: string, input: CustomEventInput): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockProjectConfig(tx, actor.projectId);
    const before = await tx.customEvent.findFirst({
      where: { id, projectId: actor.projectId, deletedAt: null },
    });
    if (!before) throw new AppError("NOT_FOUND", NOT_FOUND);
    await requireFreeName(tx, actor.projectId, input.name, id);
    const after = await tx.customEvent.update({
      where: { id },
      data: { name: input.name, description: input.description || null, definition: input.definition },
    });
    await recordConfigChange(tx, actor, "customEvent.update", {
      before: audited(before),
      after: audited(after),
    });
  });
}

/**
 * Deletes a custom event softly, unless a live destination's filter selects it (the message
 * names them). Its row is locked first, as a destination's filter save locks it
 * (lib/destinations/filter-custom-event.ts): whichever commits first, the other sees it.
 */
export async function deleteCustomEvent(actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockProjectConfig(tx, actor.projectId);
    const [locked] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM custom_events
      WHERE id = ${id} AND project_id = ${actor.projectId} AND deleted_at IS NULL
      FOR UPDATE`;
    if (!locked) throw new AppError("NOT_FOUND", NOT_FOUND);
    const before = await tx.customEvent.findUniqueOrThrow({ where: { id } });
    const users = await tx.destination.findMany({
      where: {
        projectId: actor.projectId,
        deletedAt: null,
        filter: { path: ["customEvent", "id"], equals: id },
      },
      select: { name: true },
      orderBy: { name: "asc" },
    });
    if (users.length)
      throw new AppError(
        "CONFLICT",
        `${quote(before.name)} is selected by the filter of ${users.length === 1 ? "destination" : "destinations"} ${quotedList(
          users.map((d) => d.name),
          "and",
        )}: choose another filter there first.`,
      );
    await tx.customEvent.update({ where: { id }, data: { deletedAt: new Date() } });
    await recordConfigChange(tx, actor, "customEvent.delete", { before: audited(before) });
  });
}
