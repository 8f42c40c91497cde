import { randomBytes } from "node:crypto";

// Destination ids are fixed when the wizard opens (the policy command shown contains them):
// "d" and 24 lowercase base-32 characters, valid in a JWT subject, a policy id and a volume name.
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const DESTINATION_ID = /^d[a-z2-7]{24}$/;

export function newDestinationId(): string {
  return `d${Array.from(randomBytes(24), (byte) => ALPHABET[byte % 32]).join("")}`;
}

export const isDestinationId = (value: string) => DESTINATION_ID.test(value);
