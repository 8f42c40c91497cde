import { hash, verify } from "@node-rs/argon2";
import { Slots, SlotsFull } from "@/lib/auth/verification-slots";
import { AppError } from "@/lib/errors";

// argon2id with the library's defaults (19 MiB, 2 passes), as OWASP recommends.

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/**
 * Hashes a password a request chose (setup, invitations, changes, resets) within the same
 * slots as verifications: a flood of such requests waits, or is refused (SlotsFull), instead of
 * taking every thread and 19 MiB per hash.
 */
export async function hashNewPassword(password: string): Promise<string> {
  try {
    return await verificationSlots.run(() => hash(password));
  } catch (error) {
    if (error instanceof SlotsFull)
      throw new AppError("FORBIDDEN", "The server is busy. Try again in a moment.");
    throw error;
  }
}

// Verified against when the e-mail is unknown, so that a wrong e-mail costs the same time
// as a wrong password and sign-in does not reveal which accounts exist.
let decoyHash: Promise<string> | undefined;

/** Two verifications at a time per process leave libuv's other two threads to file and zlib work. */
export const verificationSlots = new Slots(2, 64);

/**
 * True when `password` matches `passwordHash`; a missing hash still costs one verification.
 * Throws SlotsFull when too many verifications are already waiting.
 */
export async function verifyPassword(
  password: string,
  passwordHash: string | null | undefined,
): Promise<boolean> {
  return verificationSlots.run(async () => {
    if (!passwordHash) {
      decoyHash ??= hash("deltaport-decoy-password");
      await verify(await decoyHash, password).catch(() => false);
      return false;
    }
    return verify(passwordHash, password).catch(() => false);
  });
}
