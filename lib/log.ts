// Not marked server-only: scripts run outside Next (the seed, the local runner) log through it
// too, by way of lib/errors.ts.
import pino, { type Logger } from "pino";
import { env } from "@/lib/env";

// Structured logs: one JSON object per line on standard output (or LOG_FILE), which Vercel and
// any log pipeline parse. The export path logs through children that carry the request (the
// Inngest run or local tick), destination and run ids on every line. Whatever looks like a
// credential is censored by key, as a second line of defence: no code logs one on purpose.

export type { Logger };

/** Keys whose values never reach a log line, at any depth the paths name. */
const REDACTED = [
  "token",
  "accessToken",
  "access_token",
  "authorization",
  "password",
  "secret",
  "privateKey",
  "encryptedPrivateKey",
  "apiKey",
  "cookie",
];

const globalForLog = globalThis as unknown as { deltaportLogger?: Logger };

function createLogger(): Logger {
  const { LOG_LEVEL, LOG_FILE } = env();
  return pino(
    {
      level: LOG_LEVEL,
      base: { service: "deltaport" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACTED, ...REDACTED.map((key) => `*.${key}`)], censor: "[redacted]" },
    },
    // Synchronous writes: a serverless instance may be frozen right after a request, and a
    // buffered line would be lost.
    pino.destination({ dest: LOG_FILE ?? 1, sync: true }),
  );
}

/** The process's logger; `child` it with the ids of what a line is about. */
export function log(): Logger {
  globalForLog.deltaportLogger ??= createLogger();
  return globalForLog.deltaportLogger;
}

/** An error as a log field: its name and message (never the objects it may hold). */
export const errorFields = (error: unknown) =>
  error instanceof Error
    ? { error: { name: error.name, message: error.message.split("\n")[0] } }
    : { error: String(error) };
