import { z } from "zod";

/** Longest name of an organization or a project. */
export const MAX_DISPLAY_NAME_LENGTH = 100;

/** The name of an organization or a project (`what`), as people type it: trimmed, 1 to 100 characters. */
export const displayName = (what: "organization" | "project") =>
  z
    .string()
    .trim()
    .min(1, `Enter a name for the ${what}.`)
    .max(MAX_DISPLAY_NAME_LENGTH, `The name must be at most ${MAX_DISPLAY_NAME_LENGTH} characters.`);
