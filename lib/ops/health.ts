import "server-only";
import { dbPool } from "@/lib/db/pool";
import { db } from "@/lib/db/prisma";
import { env } from "@/lib/env";
import { addDays, PARTITION_DAYS_AHEAD, partitionsThrough, startOfDayUtc } from "@/lib/events/partitions";
import { decryptPrivateKey } from "@/lib/oidc/key-encryption";
import { noticeStaleScheduler, schedulerStatus, type SchedulerStatus } from "@/lib/ops/scheduler-heartbeat";

// What GET /api/health answers. Unhealthy (503) only for what stops the portal from working at
// all: the database unreachable, or the issuer's signing key undecryptable (no export can
// authenticate). A stale scheduler is reported, alerted and shown to admins, but the portal
// itself still serves: 200.

const DATABASE_TIMEOUT_MS = 3_000;

export type Health = {
  status: "ok" | "degraded" | "unhealthy";
  database: "ok" | "unreachable";
  signingKey: "ok" | "none yet" | "undecryptable" | "unknown";
  scheduler:
    | { state: "starting" | "ok" | "stale"; lastTickAt: string | null; lastTickAgeSeconds: number | null }
    | "unknown";
  exports: "inngest" | "local runner";
  /** Whether the scheduler keeps `events`' day partitions ahead (lib/events/partitions.ts), and through when. */
  eventPartitions: { state: "ok" | "behind"; through: string | null } | "unknown";
};

const withTimeout = <T>(work: Promise<T>, ms: number) =>
  Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), ms).unref()),
  ]);

async function databaseReachable(): Promise<boolean> {
  try {
    await withTimeout(dbPool().query("SELECT 1"), DATABASE_TIMEOUT_MS);
    return true;
  } catch {
    return false;
  }
}

/** Whether the key that signs now decrypts with KEY_ENCRYPTION_KEY (nothing is cached or created). */
async function signingKeyState(now: Date): Promise<Health["signingKey"]> {
  const key = await db.signingKey.findFirst({
    where: { signsFrom: { lte: now }, OR: [{ signsUntil: null }, { signsUntil: { gt: now } }] },
    orderBy: { signsFrom: "desc" },
  });
  // The first export or discovery request creates it.
  if (!key) return "none yet";
  const encryptionKey = env().KEY_ENCRYPTION_KEY;
  if (!encryptionKey) return "undecryptable";
  try {
    decryptPrivateKey(key.encryptedPrivateKey, key.kid, encryptionKey);
    return "ok";
  } catch {
    return "undecryptable";
  }
}

const schedulerBody = (status: SchedulerStatus) => ({
  state: status.state,
  lastTickAt: status.lastTickAt?.toISOString() ?? null,
  lastTickAgeSeconds: status.ageSeconds,
});

/** The deployment's health; `exports` is how it runs exports (the caller knows the job runner). */
export async function checkHealth(exports: Health["exports"], now = new Date()): Promise<Health> {
  if (!(await databaseReachable()))
    return {
      status: "unhealthy",
      database: "unreachable",
      signingKey: "unknown",
      scheduler: "unknown",
      exports,
      eventPartitions: "unknown",
    };
  const [signingKey, scheduler, through] = await Promise.all([
    signingKeyState(now),
    schedulerStatus(now),
    partitionsThrough(now),
  ]);
  await noticeStaleScheduler(scheduler, now);
  const eventPartitions = {
    // The scheduler keeps PARTITION_DAYS_AHEAD days ahead; a day short is a new day not yet ticked.
    state:
      through && through >= addDays(startOfDayUtc(now), PARTITION_DAYS_AHEAD - 1)
        ? ("ok" as const)
        : ("behind" as const),
    through: through?.toISOString().slice(0, 10) ?? null,
  };
  const status =
    signingKey === "undecryptable"
      ? "unhealthy"
      : scheduler.state === "stale" || eventPartitions.state === "behind"
        ? "degraded"
        : "ok";
  return {
    status,
    database: "ok",
    signingKey,
    scheduler: schedulerBody(scheduler),
    exports,
    eventPartitions,
  };
}
