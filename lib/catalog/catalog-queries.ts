import "server-only";
import { db } from "@/lib/db/prisma";
import type { CatalogStatusValue, PropertyClassificationValue } from "@/lib/catalog/catalog-input";

// What the catalog pages read, every query scoped by the project in its `where`.

/** Days the catalog's volume covers: today (UTC) and the 29 before. */
export const VOLUME_DAYS = 30;
/** Event types listed at most (Amplitude caps a project at 2,000). */
export const MAX_LISTED_EVENT_TYPES = 2000;

export type CatalogEventTypeRow = {
  eventType: string;
  displayName: string | null;
  description: string | null;
  categoryId: string | null;
  categoryName: string | null;
  status: CatalogStatusValue;
  firstSeen: Date | null;
  lastSeen: Date | null;
  /** Events stored over the last VOLUME_DAYS UTC days. */
  volume30d: number;
};

export type CatalogPropertyRow = {
  name: string;
  types: string[];
  firstSeen: Date;
  lastSeen: Date;
  description: string | null;
  classifications: PropertyClassificationValue[];
};

export type EventCategoryRow = { id: string; name: string };

const EVENT_TYPE_SELECT = `
  SELECT t.event_type AS "eventType", t.display_name AS "displayName", t.description,
         t.category_id AS "categoryId", c.name AS "categoryName", t.status::text AS status,
         t.first_seen AS "firstSeen", t.last_seen AS "lastSeen",
         COALESCE((SELECT sum(d.events) FROM catalog_event_type_days d
                   WHERE d.project_id = t.project_id AND d.event_type = t.event_type
                     AND d.day > ($2::timestamptz AT TIME ZONE 'UTC')::date - ${VOLUME_DAYS}), 0)::float8 AS "volume30d"
  FROM catalog_event_types t
  LEFT JOIN event_categories c ON c.id = t.category_id AND c.project_id = t.project_id
  WHERE t.project_id = $1`;

/** A project's event types, by name, with their category and 30-day volume. */
export function catalogEventTypes(projectId: string, now = new Date()): Promise<CatalogEventTypeRow[]> {
  return db.$queryRawUnsafe<CatalogEventTypeRow[]>(
    `${EVENT_TYPE_SELECT} ORDER BY t.event_type LIMIT ${MAX_LISTED_EVENT_TYPES}`,
    projectId,
    now.toISOString(),
  );
}

/** One event type of a project, or null. */
export async function catalogEventType(
  projectId: string,
  eventType: string,
  now = new Date(),
): Promise<CatalogEventTypeRow | null> {
  const [row] = await db.$queryRawUnsafe<CatalogEventTypeRow[]>(
    `${EVENT_TYPE_SELECT} AND t.event_type = $3`,
    projectId,
    now.toISOString(),
    eventType,
  );
  return row ?? null;
}

const propertiesOf = (projectId: string, scope: "EVENT" | "USER", eventType: string) =>
  db.catalogProperty.findMany({
    where: { projectId, scope, eventType },
    orderBy: { name: "asc" },
    select: {
      name: true,
      types: true,
      firstSeen: true,
      lastSeen: true,
      description: true,
      classifications: true,
    },
  });

/** The properties seen on one event type. */
export function eventTypeProperties(projectId: string, eventType: string): Promise<CatalogPropertyRow[]> {
  return propertiesOf(projectId, "EVENT", eventType);
}

/** The project's user properties. */
export function userProperties(projectId: string): Promise<CatalogPropertyRow[]> {
  return propertiesOf(projectId, "USER", "");
}

/** The project's event categories, by name. */
export function eventCategories(projectId: string): Promise<EventCategoryRow[]> {
  return db.eventCategory.findMany({
    where: { projectId },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
}
