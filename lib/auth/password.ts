import { hash, verify } from "@node-rs/argon2";

// argon2id with the library's defaults (19 MiB, 2 passes), as OWASP recommends.

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verified against when the e-mail is unknown, so that a wrong e-mail costs the same time
// as a wrong password and sign-in does not reveal which accounts exist.
let decoyHash: Promise<string> | undefined;

/** True when `password` matches `passwordHash`; a missing hash still costs one verification. */
export async function verifyPassword(
  password: string,
  passwordHash: string | null | undefined,
): Promise<boolean> {
  if (!passwordHash) {
    decoyHash ??= hash("deltaport-decoy-password");
    await verify(await decoyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
