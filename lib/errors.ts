// Expected failures carry a code and a message that is safe to show to the person who
// caused them; anything else must be shown as a generic message.

export type AppErrorCode = "FORBIDDEN" | "NOT_FOUND" | "INVALID_INPUT" | "CONFLICT";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly userMessage: string,
  ) {
    super(userMessage);
    this.name = "AppError";
  }
}
