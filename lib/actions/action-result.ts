import type { z } from "zod";

/** What every server action answers: `data` on success, a message and per-field errors otherwise. */
export type ActionResult<T = undefined> =
  | { ok: true; message?: string; data?: T }
  | { ok: false; message: string; fieldErrors?: FieldErrors };

/** One message per field, keyed by the field's path ("filter.conditions.0.value"). */
export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[issue.path.join(".")] ??= issue.message;
  return errors;
}

export const invalidInput = (fieldErrors: FieldErrors): ActionResult<never> => ({
  ok: false,
  message: "Some fields need attention.",
  fieldErrors,
});
