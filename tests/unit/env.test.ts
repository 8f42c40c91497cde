import { describe, expect, it } from "vitest";
import { InvalidEnvironmentError, parseEnv } from "@/lib/env";

const SECRET = "x".repeat(32);

describe("parseEnv", () => {
  it("accepts an empty development environment (the embedded default fills it in)", () => {
    expect(parseEnv({ NODE_ENV: "development" }).DATABASE_URL).toBeUndefined();
  });

  it("names every setting production lacks", () => {
    let error: unknown;
    try {
      parseEnv({ NODE_ENV: "production" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    const message = (error as Error).message;
    expect(message).toMatch(/DATABASE_URL is required in production/);
    expect(message).toMatch(/NEXTAUTH_SECRET is required in production/);
  });

  it("rejects a short production secret and a non-Postgres database URL", () => {
    expect(() => parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgresql://u:p@db/x", NEXTAUTH_SECRET: "short" })).toThrow(
      /NEXTAUTH_SECRET/,
    );
    expect(() => parseEnv({ NODE_ENV: "production", DATABASE_URL: "mysql://u:p@db/x", NEXTAUTH_SECRET: SECRET })).toThrow(
      /DATABASE_URL must be a postgresql:\/\/ URL/,
    );
  });

  it("accepts a complete production environment", () => {
    const env = parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://u:p@db.example.com:5432/app", NEXTAUTH_SECRET: SECRET });
    expect(env.NODE_ENV).toBe("production");
  });

  it("requires the SSO settings together", () => {
    expect(() => parseEnv({ OIDC_ISSUER: "https://login.example.com" })).toThrow(/OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/);
    const env = parseEnv({ OIDC_ISSUER: "https://login.example.com", OIDC_CLIENT_ID: "id", OIDC_CLIENT_SECRET: "s" });
    expect(env.OIDC_DISPLAY_NAME).toBe("SSO");
  });

  it("treats blank values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "  " }).DATABASE_URL).toBeUndefined();
  });
});
