import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptPrivateKey, encryptPrivateKey } from "@/lib/oidc/key-encryption";

const key = randomBytes(32).toString("base64");
const pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";

describe("private key encryption", () => {
  it("round-trips, and the stored form holds no part of the key in clear", () => {
    const sealed = encryptPrivateKey(pem, "kid-1", key);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain("PRIVATE KEY");
    expect(sealed).not.toContain("MIIEvQ");
    expect(decryptPrivateKey(sealed, "kid-1", key)).toBe(pem);
    expect(encryptPrivateKey(pem, "kid-1", key)).not.toBe(sealed); // a fresh IV each time
  });

  it("refuses another encryption key, another key id, or a tampered ciphertext", () => {
    const sealed = encryptPrivateKey(pem, "kid-1", key);
    expect(() => decryptPrivateKey(sealed, "kid-1", randomBytes(32).toString("base64"))).toThrow(
      /cannot be decrypted/,
    );
    expect(() => decryptPrivateKey(sealed, "kid-2", key)).toThrow(/cannot be decrypted/);
    const parts = sealed.split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptPrivateKey(parts.join("."), "kid-1", key)).toThrow(/cannot be decrypted/);
    expect(() => encryptPrivateKey(pem, "kid-1", "short")).toThrow(/32 bytes/);
  });
});
