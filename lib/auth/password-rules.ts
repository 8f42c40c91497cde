import { z } from "zod";

// What a new password must be (setup, invitations, changes, resets): long enough to resist
// guessing, bounded so that hashing it costs a known amount. Length over composition rules,
// as NIST SP 800-63B recommends.
export const NewPassword = z
  .string()
  .min(10, "Use at least 10 characters.")
  .max(256, "Use at most 256 characters.");

export const PersonName = z
  .string()
  .trim()
  .min(1, "Enter your name.")
  .max(100, "Use at most 100 characters.");
