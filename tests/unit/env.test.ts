import { describe, expect, it } from "vitest";
import { InvalidEnvironmentError, issuerUrl, parseEnv } from "@/lib/env";

const SECRET = "x".repeat(32);
const KEK = Buffer.alloc(32, 7).toString("base64");
const PRODUCTION = {
  NODE_ENV: "production",
  NEXTAUTH_URL: "https://deltaport.example.com",
  DATABASE_URL: "postgres://u:p@db.example.com:5432/app",
  NEXTAUTH_SECRET: SECRET,
  ISSUER_URL: "https://deltaport.example.com",
  KEY_ENCRYPTION_KEY: KEK,
};

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
    expect(message).toMatch(/ISSUER_URL is required in production/);
    expect(message).toMatch(/KEY_ENCRYPTION_KEY is required in production/);
  });

  it("rejects a short production secret and a non-Postgres database URL", () => {
    expect(() => parseEnv({ ...PRODUCTION, NEXTAUTH_SECRET: "short" })).toThrow(/NEXTAUTH_SECRET/);
    expect(() => parseEnv({ ...PRODUCTION, DATABASE_URL: "mysql://u:p@db/x" })).toThrow(
      /DATABASE_URL must be a postgresql:\/\/ URL/,
    );
  });

  it("wants the portal's https URL in production, so that cookies are Secure (issue 14, item 7)", () => {
    const { NEXTAUTH_URL: _omitted, ...withoutUrl } = PRODUCTION;
    expect(() => parseEnv(withoutUrl)).toThrow(/NEXTAUTH_URL is required in production outside Vercel/);
    expect(parseEnv({ ...withoutUrl, VERCEL_URL: "deltaport-abc.vercel.app" }).NEXTAUTH_URL).toBeUndefined();
    expect(() => parseEnv({ ...PRODUCTION, NEXTAUTH_URL: "http://deltaport.example.com" })).toThrow(
      /NEXTAUTH_URL must be an https URL in production/,
    );
    expect(parseEnv({ ...PRODUCTION, NEXTAUTH_URL: "http://localhost:3210" }).NEXTAUTH_URL).toBe(
      "http://localhost:3210",
    );
  });

  it("refuses INNGEST_DEV in production, and Inngest without its signing key (issue 14, item 11)", () => {
    expect(() => parseEnv({ ...PRODUCTION, INNGEST_DEV: "1" })).toThrow(
      /INNGEST_DEV must not be set in production/,
    );
    expect(() => parseEnv({ ...PRODUCTION, INNGEST_EVENT_KEY: "evt" })).toThrow(/INNGEST_SIGNING_KEY/);
    expect(
      parseEnv({ ...PRODUCTION, INNGEST_EVENT_KEY: "evt", INNGEST_SIGNING_KEY: "signkey-prod-1" }),
    ).toMatchObject({ INNGEST_SIGNING_KEY: "signkey-prod-1" });
    expect(parseEnv({ NODE_ENV: "development", INNGEST_DEV: "1" }).INNGEST_DEV).toBe("1");
  });

  it("accepts a complete production environment", () => {
    const env = parseEnv(PRODUCTION);
    expect(env.NODE_ENV).toBe("production");
    expect(env.JWT_LIFETIME_MINUTES).toBe(15);
  });

  it("wants the issuer to be the deployment's stable https URL", () => {
    expect(() => parseEnv({ ...PRODUCTION, ISSUER_URL: "http://deltaport.example.com" })).toThrow(
      /ISSUER_URL must be an https URL/,
    );
    expect(() =>
      parseEnv({
        ...PRODUCTION,
        VERCEL_URL: "deltaport-abc123.vercel.app",
        ISSUER_URL: "https://deltaport-abc123.vercel.app",
      }),
    ).toThrow(/not this deployment's own URL/);
    expect(parseEnv({ ...PRODUCTION, ISSUER_URL: "http://127.0.0.1:3210" }).ISSUER_URL).toBe(
      "http://127.0.0.1:3210",
    );
  });

  it("bounds the JWT lifetime and checks the key encryption key", () => {
    expect(parseEnv({ JWT_LIFETIME_MINUTES: "30" }).JWT_LIFETIME_MINUTES).toBe(30);
    expect(() => parseEnv({ JWT_LIFETIME_MINUTES: "5" })).toThrow(/JWT_LIFETIME_MINUTES/);
    expect(() => parseEnv({ JWT_LIFETIME_MINUTES: "61" })).toThrow(/JWT_LIFETIME_MINUTES/);
    expect(() => parseEnv({ KEY_ENCRYPTION_KEY: "too-short" })).toThrow(
      /KEY_ENCRYPTION_KEY must be 32 random bytes/,
    );
  });

  it("derives the issuer URL without a trailing slash", () => {
    expect(issuerUrl(parseEnv({ ISSUER_URL: "https://deltaport.example.com/" }))).toBe(
      "https://deltaport.example.com",
    );
    expect(issuerUrl(parseEnv({ NEXTAUTH_URL: "http://localhost:3000" }))).toBe("http://localhost:3000");
  });

  it("reads ALLOWED_WORKSPACE_HOSTS as a list", () => {
    expect(
      parseEnv({ ALLOWED_WORKSPACE_HOSTS: " 127.0.0.1:8443, Emulator.Local:9443 ,," })
        .ALLOWED_WORKSPACE_HOSTS,
    ).toEqual(["127.0.0.1:8443", "emulator.local:9443"]);
  });

  it("requires the SSO settings together", () => {
    expect(() => parseEnv({ OIDC_ISSUER: "https://login.example.com" })).toThrow(
      /OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/,
    );
    const env = parseEnv({
      OIDC_ISSUER: "https://login.example.com",
      OIDC_CLIENT_ID: "id",
      OIDC_CLIENT_SECRET: "s",
    });
    expect(env.OIDC_DISPLAY_NAME).toBe("SSO");
  });

  it("reads the sender from MAIL_FROM, else the deprecated ALERT_EMAIL_FROM, else a local default", () => {
    expect(parseEnv({}).MAIL_FROM).toBe("deltaport@localhost");
    expect(parseEnv({ ALERT_EMAIL_FROM: "alerts@acme.test" }).MAIL_FROM).toBe("alerts@acme.test");
    expect(parseEnv({ MAIL_FROM: "Deltaport <portal@acme.test>" }).MAIL_FROM).toBe(
      "Deltaport <portal@acme.test>",
    );
    expect(parseEnv({ MAIL_FROM: "portal@acme.test", ALERT_EMAIL_FROM: "alerts@acme.test" }).MAIL_FROM).toBe(
      "portal@acme.test",
    );
    expect(parseEnv({ MAIL_FROM: " ", ALERT_EMAIL_FROM: "alerts@acme.test" }).MAIL_FROM).toBe(
      "alerts@acme.test",
    );
    expect(parseEnv({ ALERT_EMAIL_FROM: "alerts@acme.test" })).not.toHaveProperty("ALERT_EMAIL_FROM");
  });

  it("treats blank values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "  " }).DATABASE_URL).toBeUndefined();
  });
});
