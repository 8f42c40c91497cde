import "server-only";
import { organizationAdminEmails } from "@/lib/alerts/alert-recipients";
import { db } from "@/lib/db/prisma";
import { logUnexpectedError } from "@/lib/errors";
import { mailConfigured, sendMail } from "@/lib/mail/send-mail";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Records a delivered chunk in its backfill (inside the chunk's commit): the cursor moves to the
 * chunk's end and the counts grow. A running backfill whose cursor reached its end is completed;
 * returns its id then, for the notice. A cancelled one keeps its status: what was delivered stays.
 */
export async function advanceBackfill(
  tx: Prisma.TransactionClient,
  backfillId: string,
  chunkEnd: Date,
  rows: number,
  now: Date,
): Promise<string | null> {
  const backfill = await tx.backfill.update({
    where: { id: backfillId },
    data: { cursor: chunkEnd, deliveredRows: { increment: rows }, chunksDone: { increment: 1 } },
  });
  if (backfill.status !== "RUNNING" || chunkEnd < backfill.to) return null;
  await tx.backfill.update({ where: { id: backfillId }, data: { status: "COMPLETED", finishedAt: now } });
  return backfillId;
}

/**
 * Tells the organization's admins that a backfill completed: an audit record, and an e-mail
 * when SMTP is configured. A failed e-mail is logged, never fails the export.
 */
export async function notifyBackfillCompleted(backfillId: string): Promise<void> {
  const backfill = await db.backfill.findUniqueOrThrow({
    where: { id: backfillId },
    include: { destination: { include: { project: true } } },
  });
  const { destination } = backfill;
  await db.auditEvent.create({
    data: {
      organizationId: destination.project.organizationId,
      actorId: null,
      action: "destination.backfill.complete",
      resourceType: "destination",
      resourceId: destination.id,
      after: { backfillId, deliveredRows: backfill.deliveredRows, chunks: backfill.chunksDone },
    },
  });
  if (!mailConfigured()) return;
  const admins = await organizationAdminEmails(destination.project.organizationId);
  if (admins.length === 0) return;
  const range = `${backfill.from.toISOString()} to ${backfill.to.toISOString()}`;
  await sendMail({
    to: admins,
    subject: `Deltaport: the backfill of ${destination.name} completed`,
    text: `The backfill of ${destination.name} delivered ${backfill.deliveredRows} events uploaded from ${range}, in ${backfill.chunksDone} chunks.`,
  }).catch((error: unknown) => logUnexpectedError("backfill notice", error));
}
