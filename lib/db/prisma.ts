import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

function createPrismaClient() {
  const url = env().DATABASE_URL;
  if (!url)
    throw new Error(
      "DATABASE_URL is not set: start the portal with `npm run dev`, or set it to your Postgres URL.",
    );
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
}

// One client per process; in development, hot reloads re-evaluate this module, so the
// client is kept on globalThis to avoid opening a new pool on every edit.
const globalForPrisma = globalThis as unknown as { deltaportPrisma?: PrismaClient };

export const db: PrismaClient = globalForPrisma.deltaportPrisma ?? createPrismaClient();
if (env().NODE_ENV !== "production") globalForPrisma.deltaportPrisma = db;
