import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { dbPool } from "@/lib/db/pool";
import { env } from "@/lib/env";

/** Prisma on the process's one pool (lib/db/pool.ts), which the ingest path shares. */
function createPrismaClient() {
  return new PrismaClient({ adapter: new PrismaPg(dbPool()) });
}

// One client per process; in development, hot reloads re-evaluate this module, so the
// client is kept on globalThis to avoid opening a new pool on every edit.
const globalForPrisma = globalThis as unknown as { deltaportPrisma?: PrismaClient };

export const db: PrismaClient = globalForPrisma.deltaportPrisma ?? createPrismaClient();
if (env().NODE_ENV !== "production") globalForPrisma.deltaportPrisma = db;
