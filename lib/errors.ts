import { log } from "@/lib/log";

// One error hierarchy. An AppError is an expected failure: it carries a code that callers
// branch on and a message that is safe to show to the person who caused it. Anything that is
// not an AppError is unexpected: it is logged with a reference (logUnexpectedError) and the
// person sees a generic message that quotes the reference.

export type AppErrorCode = "FORBIDDEN" | "NOT_FOUND" | "INVALID_INPUT" | "CONFLICT";

export class AppError<Code extends string = AppErrorCode> extends Error {
  constructor(
    readonly code: Code,
    readonly userMessage: string,
    /** The form field the message is about, when there is one (shown beside that field). */
    readonly field?: string,
  ) {
    super(userMessage);
    this.name = "AppError";
  }
}

/** A short id that ties what a person sees to the log line with the details. */
export const errorReference = () => crypto.randomUUID().slice(0, 8);

/**
 * Logs an unexpected error under a fresh reference and returns the reference. Only the error's
 * name, message and stack are logged: request bodies and tokens never pass through here.
 */
export function logUnexpectedError(scope: string, error: unknown): string {
  const reference = errorReference();
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  log().error({ scope, reference, detail }, `unexpected error in ${scope}`);
  return reference;
}

/** The message a person sees for an unexpected error. */
export const genericMessage = (reference: string) =>
  `Something went wrong (reference ${reference}). Please try again.`;
