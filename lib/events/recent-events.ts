import "server-only";
import { db } from "@/lib/db/prisma";

export const EVENTS_PAGE_SIZE = 50;

export type EventListItem = {
  id: string;
  eventType: string;
  userId: string | null;
  deviceId: string | null;
  amplitudeId: string;
  eventTime: Date;
  serverUploadTime: Date;
  platform: string | null;
  country: string | null;
};

/** Where a page ends: the last event's upload time and id, as `<ms>_<id>`. */
export type PageCursor = string;

function parseCursor(cursor: PageCursor | undefined): { at: Date; id: bigint } | undefined {
  const match = cursor ? /^(\d{1,15})_(\d{1,19})$/.exec(cursor) : null;
  return match ? { at: new Date(Number(match[1])), id: BigInt(match[2]!) } : undefined;
}

/** A page of a project's events, newest first (by upload time, then id), after `cursor`. */
export async function recentEvents(
  projectId: string,
  cursor?: PageCursor,
): Promise<{ events: EventListItem[]; nextCursor: PageCursor | null }> {
  const after = parseCursor(cursor);
  const rows = await db.event.findMany({
    where: {
      projectId,
      ...(after
        ? {
            OR: [
              { serverUploadTime: { lt: after.at } },
              { serverUploadTime: after.at, id: { lt: after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ serverUploadTime: "desc" }, { id: "desc" }],
    take: EVENTS_PAGE_SIZE + 1,
    select: {
      id: true,
      eventType: true,
      userId: true,
      deviceId: true,
      amplitudeId: true,
      eventTime: true,
      serverUploadTime: true,
      platform: true,
      country: true,
    },
  });
  const page = rows.slice(0, EVENTS_PAGE_SIZE);
  return {
    events: page.map((row) => ({ ...row, id: String(row.id), amplitudeId: String(row.amplitudeId) })),
    nextCursor:
      rows.length > EVENTS_PAGE_SIZE ? `${page.at(-1)!.serverUploadTime.getTime()}_${page.at(-1)!.id}` : null,
  };
}

/** Events per type over the last 24 hours, most frequent first. */
export async function eventTypeCounts(
  projectId: string,
  now = new Date(),
): Promise<{ eventType: string; count: number }[]> {
  const groups = await db.event.groupBy({
    by: ["eventType"],
    where: { projectId, serverUploadTime: { gte: new Date(now.getTime() - 24 * 3600 * 1000) } },
    _count: { _all: true },
    orderBy: { _count: { eventType: "desc" } },
    take: 50,
  });
  return groups.map((group) => ({ eventType: group.eventType, count: group._count._all }));
}
