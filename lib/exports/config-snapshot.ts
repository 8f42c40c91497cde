import "server-only";
import { randomUUID } from "node:crypto";
import { CustomEventDefinition, describeCustomEvent } from "@/lib/catalog/custom-event-definition";
import { describeTransformation, TransformationDefinition } from "@/lib/catalog/transformation-definition";
import { customEventViewNames } from "@/lib/exports/config-views";
import type { ConfigTableKey } from "@/lib/exports/config-tables";
import type { Destination, Prisma } from "@/lib/generated/prisma/client";

// A project's data configuration, frozen for one run of a destination that exports it: the
// rows of the five configuration tables (config-tables.ts), in a fixed order, and the
// definitions the views are made from. Frozen when the run is planned, so that every attempt
// stages the same files and creates the same views, whatever is edited meanwhile.

/** A snapshot is taken when the configuration changed since the last one, or a day after it. */
export const SNAPSHOT_MAX_AGE_MS = 24 * 60 * 60 * 1000;

type Row = Record<string, string | string[] | null>;

export type ConfigSnapshotContent = {
  tables: Record<ConfigTableKey, Row[]>;
  /** What the views are made from. */
  transformations: TransformationDefinition[];
  hiddenEventTypes: string[];
  customEvents: { name: string; view: string; definition: CustomEventDefinition }[];
};

/** Whether the next run of `destination` takes a snapshot of a configuration at `configVersion`. */
export function snapshotDue(
  destination: Pick<Destination, "exportDataConfig" | "configSnapshotVersion" | "configSnapshotAt">,
  configVersion: number,
  now: Date,
): boolean {
  if (!destination.exportDataConfig) return false;
  if (destination.configSnapshotVersion === null || destination.configSnapshotAt === null) return true;
  if (destination.configSnapshotVersion !== configVersion) return true;
  return now.getTime() - destination.configSnapshotAt.getTime() >= SNAPSHOT_MAX_AGE_MS;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The project's configuration now, as the snapshot's rows and view definitions. */
export async function readConfiguration(
  tx: Prisma.TransactionClient,
  projectId: string,
  eventsTable: string,
): Promise<ConfigSnapshotContent> {
  const [eventTypes, properties, categories, transformations, customEvents] = await Promise.all([
    tx.catalogEventType.findMany({ where: { projectId }, orderBy: { eventType: "asc" } }),
    tx.catalogProperty.findMany({
      where: { projectId },
      orderBy: [{ scope: "asc" }, { eventType: "asc" }, { name: "asc" }],
    }),
    tx.eventCategory.findMany({ where: { projectId }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
    tx.transformation.findMany({ where: { projectId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    tx.customEvent.findMany({
      where: { projectId, deletedAt: null },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
  ]);
  const categoryName = new Map(categories.map((c) => [c.id, c.name]));
  const definitions = transformations.map((t) =>
    TransformationDefinition.parse({ ...(t.definition as object), kind: t.kind }),
  );
  const views = customEventViewNames(eventsTable, customEvents);
  const customEventDefinitions = customEvents.map((c) => CustomEventDefinition.parse(c.definition));
  return {
    tables: {
      event_types: eventTypes.map((e) => ({
        event_type: e.eventType,
        display_name: e.displayName,
        description: e.description,
        category: e.categoryId ? (categoryName.get(e.categoryId) ?? null) : null,
        status: e.status.toLowerCase(),
        first_seen: iso(e.firstSeen),
        last_seen: iso(e.lastSeen),
      })),
      properties: properties.map((p) => ({
        scope: p.scope.toLowerCase(),
        // User properties belong to no event type.
        event_type: p.scope === "USER" ? null : p.eventType,
        property: p.name,
        observed_types: p.types,
        description: p.description,
        classifications: p.classifications.map((c) => c.toLowerCase()),
        first_seen: iso(p.firstSeen),
        last_seen: iso(p.lastSeen),
      })),
      categories: categories.map((c) => ({ category_id: c.id, name: c.name })),
      transformations: transformations.map((t, i) => ({
        transformation_id: t.id,
        kind: t.kind.toLowerCase(),
        description: describeTransformation(definitions[i]!),
        definition: JSON.stringify(definitions[i]),
        created_at: iso(t.createdAt),
      })),
      custom_events: customEvents.map((c, i) => ({
        custom_event_id: c.id,
        name: c.name,
        description: c.description,
        definition: JSON.stringify(customEventDefinitions[i]),
        sentence: describeCustomEvent(customEventDefinitions[i]!),
        view_name: views.get(c.id)!,
      })),
    },
    transformations: definitions,
    hiddenEventTypes: eventTypes.filter((e) => e.status === "HIDDEN").map((e) => e.eventType),
    customEvents: customEvents.map((c, i) => ({
      name: c.name,
      view: views.get(c.id)!,
      definition: customEventDefinitions[i]!,
    })),
  };
}

export type DueSnapshot = { configVersion: number; content: ConfigSnapshotContent };

/**
 * The snapshot the next run of `destination` takes, read in the planning transaction, or null
 * when none is due. Throws ConfigSnapshotError when the configuration cannot be exported.
 */
export async function dueConfigSnapshot(
  tx: Prisma.TransactionClient,
  destination: Destination,
  now: Date,
): Promise<DueSnapshot | null> {
  // Most destinations do not export it: planning them reads nothing more.
  if (!destination.exportDataConfig) return null;
  const project = await tx.project.findUniqueOrThrow({
    where: { id: destination.projectId },
    select: { configVersion: true },
  });
  if (!snapshotDue(destination, project.configVersion, now)) return null;
  try {
    return {
      configVersion: project.configVersion,
      content: await readConfiguration(tx, destination.projectId, destination.table),
    };
  } catch (error) {
    if (error instanceof ConfigSnapshotError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConfigSnapshotError(`The project's data configuration could not be read for export: ${detail}`);
  }
}

/** Why a snapshot cannot be taken: the run fails with this message, where people see it. */
export class ConfigSnapshotError extends Error {}

/** Freezes `due` for run `runId`, in the planning transaction: its id becomes the rows' snapshot_id. */
export async function saveConfigSnapshot(
  tx: Prisma.TransactionClient,
  destinationId: string,
  runId: string,
  due: DueSnapshot,
  now: Date,
) {
  await tx.configSnapshot.create({
    data: {
      id: randomUUID(),
      destinationId,
      runId,
      configVersion: due.configVersion,
      takenAt: now,
      content: due.content as unknown as Prisma.InputJsonValue,
      views: due.content.customEvents.map((c) => c.view),
    },
  });
}

/** A snapshot's frozen content, as it was stored. */
export const snapshotContent = (content: Prisma.JsonValue | null) => {
  if (!content) throw new Error("The snapshot's content was cleared: it was delivered already");
  const parsed = content as unknown as ConfigSnapshotContent;
  return {
    ...parsed,
    transformations: parsed.transformations.map((t) => TransformationDefinition.parse(t)),
    customEvents: parsed.customEvents.map((c) => ({
      ...c,
      definition: CustomEventDefinition.parse(c.definition),
    })),
  };
};
