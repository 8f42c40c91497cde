import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { pruneInsertIds } from "@/lib/ingest/prune-insert-ids";

// Issue 18, item 6 (in part): event_insert_ids keeps only what de-duplication can still use,
// the last 7 days.

const projectId = `prune-${randomUUID()}`;
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

afterAll(async () => {
  await db.eventInsertId.deleteMany({ where: { projectId } });
  await db.$disconnect();
});

describe("pruning insert ids", () => {
  it("deletes the ids past the 7-day de-duplication window, in batches, and keeps the others", async () => {
    const row = (insertId: string, receivedAt: Date) => ({ projectId, scope: "d:x", insertId, receivedAt });
    await db.eventInsertId.createMany({
      data: [
        ...Array.from({ length: 25_000 }, (_, i) => row(`old-${i}`, daysAgo(8))),
        row("edge-inside", daysAgo(6.9)),
        row("fresh", daysAgo(0)),
      ],
    });
    // 25,000 old ids: three batches of at most 10,000 in one call.
    expect(await pruneInsertIds()).toBeGreaterThanOrEqual(25_000);
    const left = await db.eventInsertId.findMany({ where: { projectId }, select: { insertId: true } });
    expect(left.map((r) => r.insertId).sort()).toEqual(["edge-inside", "fresh"]);
    expect(await pruneInsertIds()).toBe(0);
  });
});
