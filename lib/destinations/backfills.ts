import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db/prisma";
import { AppError } from "@/lib/errors";
import { eventsKeptSince } from "@/lib/events/retention";
import { RUN_MAX_ROWS } from "@/lib/exports/run-limits";
import type { Backfill, Destination, Prisma } from "@/lib/generated/prisma/client";

// Historical backfill: the events a destination's recurring export never covers, those
// uploaded before its time floor (the start of its creation day, UTC), delivered as their own
// lane in bounded chunks. Ranges already delivered are not delivered twice unless asked.

/** The Backfill form: a day (its start, UTC) and whether to deliver a covered range again. */
export const BackfillInput = z.object({
  backfillFrom: z.iso.date("Enter the day to backfill from"),
  redeliver: z.boolean().default(false),
});
export type BackfillInput = z.infer<typeof BackfillInput>;

const day = (date: Date) => date.toISOString().slice(0, 10);
const describe = (range: { from: Date; to: Date }) => `${day(range.from)} to ${day(range.to)}`;

type Range = { from: Date; to: Date };

/** What earlier backfills delivered: the whole range of a completed one, the done part of others. */
const deliveredBy = (backfill: Backfill): Range | null => {
  const to = backfill.status === "COMPLETED" ? backfill.to : backfill.cursor;
  return to > backfill.from ? { from: backfill.from, to } : null;
};

/** The parts of `range` that no range of `covered` touches, in order. */
function uncovered(range: Range, covered: Range[]): Range[] {
  const gaps: Range[] = [];
  let start = range.from;
  for (const part of [...covered].sort((a, b) => a.from.getTime() - b.from.getTime())) {
    if (part.to <= start || part.from >= range.to) continue;
    if (part.from > start) gaps.push({ from: start, to: part.from });
    if (part.to > start) start = part.to;
  }
  if (start < range.to) gaps.push({ from: start, to: range.to });
  return gaps;
}

export type RowEstimate = { rows: number; how: "counted" | "sampled" } | null;

/**
 * The events a range holds: counted, if that takes at most `countTimeout`; past that,
 * extrapolated from a 1 % sample of the table's pages (within `sampleTimeout`); null if
 * neither answers in time.
 */
export async function estimateRows(
  projectId: string,
  range: Range,
  { countTimeout = "5s", sampleTimeout = "5s" } = {},
): Promise<RowEstimate> {
  const where = `project_id = $1 AND server_upload_time >= $2::timestamptz AND server_upload_time < $3::timestamptz`;
  const params = [projectId, range.from.toISOString(), range.to.toISOString()];
  const withinTimeout = (sql: string, timeout: string) =>
    db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SELECT set_config('statement_timeout', $1, true)`, timeout);
      const [row] = await tx.$queryRawUnsafe<{ n: number }[]>(sql, ...params);
      return row?.n ?? 0;
    });
  try {
    const rows = await withinTimeout(`SELECT count(*)::int AS n FROM events WHERE ${where}`, countTimeout);
    return { rows, how: "counted" };
  } catch {
    try {
      const rows = await withinTimeout(
        `SELECT (count(*) * 100)::int AS n FROM events TABLESAMPLE SYSTEM (1) REPEATABLE (1) WHERE ${where}`,
        sampleTimeout,
      );
      return { rows, how: "sampled" };
    } catch {
      return null;
    }
  }
}

/**
 * Refuses a backfill that would start before what retention kept (lib/events/retention.ts).
 * Inside the backfill's creating transaction (`tx`), retention cannot drop a day until it ends.
 */
export async function assertBackfillKept(
  input: Pick<BackfillInput, "backfillFrom">,
  tx?: Prisma.TransactionClient,
): Promise<void> {
  const keptSince = await eventsKeptSince(tx);
  if (keptSince && new Date(`${input.backfillFrom}T00:00:00.000Z`) < keptSince)
    throw new AppError(
      "INVALID_INPUT",
      `Events uploaded before ${day(keptSince)} are no longer kept (retention removed them). Choose ${day(keptSince)} or later.`,
      "backfillFrom",
    );
}

/**
 * Starts a backfill of the events uploaded from the start of `input.backfillFrom` (UTC) to the
 * destination's time floor. Refused while another runs, and, unless `redeliver`, for a range
 * that earlier backfills already delivered (a later backfill may extend further back).
 */
export async function startBackfill(
  actor: Actor,
  destination: Destination,
  input: BackfillInput,
): Promise<Backfill> {
  const requested = { from: new Date(`${input.backfillFrom}T00:00:00.000Z`), to: destination.exportFrom };
  if (requested.from >= requested.to)
    throw new AppError(
      "INVALID_INPUT",
      `Choose a day before ${day(requested.to)}: events from then on are delivered by the recurring export.`,
      "backfillFrom",
    );
  await assertBackfillKept(input);
  const earlier = await db.backfill.findMany({ where: { destinationId: destination.id } });
  const running = earlier.find((backfill) => backfill.status === "RUNNING");
  if (running)
    throw new AppError(
      "CONFLICT",
      `A backfill of ${describe(running)} is running. Cancel it, or wait until it completes.`,
      "backfillFrom",
    );
  let range = requested;
  if (!input.redeliver) {
    const covered = earlier.flatMap((backfill) => deliveredBy(backfill) ?? []);
    const gaps = uncovered(requested, covered);
    const overlap = covered.filter((part) => part.from < requested.to && part.to > requested.from);
    if (gaps.length !== 1)
      throw new AppError(
        "CONFLICT",
        `Events uploaded from ${overlap.map(describe).join(" and ")} were already delivered by an earlier backfill. ` +
          (gaps.length === 0
            ? "Choose an earlier day, or tick Deliver again to deliver them once more."
            : "Backfill the part after them first, or tick Deliver again."),
        "backfillFrom",
      );
    range = gaps[0]!;
  }
  const estimatedRows = (await estimateRows(destination.projectId, range))?.rows ?? null;
  return db.$transaction(async (tx) => {
    await assertBackfillKept(input, tx);
    const backfill = await tx.backfill.create({
      data: {
        destinationId: destination.id,
        from: range.from,
        to: range.to,
        cursor: range.from,
        redeliver: input.redeliver,
        estimatedRows,
        createdById: actor.userId,
      },
    });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: input.redeliver ? "destination.backfill.redeliver" : "destination.backfill.start",
      resourceType: "destination",
      resourceId: destination.id,
      after: { backfillId: backfill.id, from: range.from.toISOString(), to: range.to.toISOString() },
    });
    return backfill;
  });
}

/** Cancels the running backfill: it stops after its current step; what was delivered stays. */
export async function cancelBackfill(
  actor: Actor,
  destination: Destination,
  now = new Date(),
): Promise<void> {
  await db.$transaction(async (tx) => {
    const running = await tx.backfill.findFirst({
      where: { destinationId: destination.id, status: "RUNNING" },
    });
    if (!running) throw new AppError("NOT_FOUND", "No backfill is running.");
    await tx.backfill.update({ where: { id: running.id }, data: { status: "CANCELLED", finishedAt: now } });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "destination.backfill.cancel",
      resourceType: "destination",
      resourceId: destination.id,
      after: { backfillId: running.id, deliveredRows: running.deliveredRows },
    });
  });
}

export type BackfillProgress = {
  status: Backfill["status"];
  from: Date;
  to: Date;
  estimatedRows: number | null;
  deliveredRows: number;
  chunksDone: number;
  /** Chunks in all, from the estimate (the chunks done once completed). */
  chunksTotal: number | null;
  percent: number | null;
  /** Time left at the rate so far, while running. */
  etaMs: number | null;
};

/** The destination's latest backfill and how far it got, for its page. */
export async function backfillProgress(
  destinationId: string,
  now = new Date(),
): Promise<BackfillProgress | null> {
  const backfill = await db.backfill.findFirst({ where: { destinationId }, orderBy: { createdAt: "desc" } });
  if (!backfill) return null;
  const { status, estimatedRows, deliveredRows, chunksDone } = backfill;
  const completed = status === "COMPLETED";
  const percent = completed
    ? 100
    : estimatedRows
      ? Math.min(99, Math.floor((100 * deliveredRows) / estimatedRows))
      : estimatedRows === 0
        ? 0
        : null;
  const elapsed = now.getTime() - backfill.createdAt.getTime();
  const etaMs =
    status === "RUNNING" && estimatedRows && deliveredRows > 0
      ? Math.max(0, (elapsed / deliveredRows) * (estimatedRows - deliveredRows))
      : null;
  return {
    status,
    from: backfill.from,
    to: backfill.to,
    estimatedRows,
    deliveredRows,
    chunksDone,
    chunksTotal: completed
      ? chunksDone
      : estimatedRows === null
        ? null
        : Math.max(1, Math.ceil(estimatedRows / RUN_MAX_ROWS)),
    percent,
    etaMs,
  };
}
