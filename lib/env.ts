import { z } from "zod";

// Every setting the app reads, validated once. Nothing else reads process.env.

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== "" ? value.trim() : undefined));

/**
 * A production URL must be https; plain http only on loopback, for a production build tried
 * locally (nothing outside could reach it anyway).
 */
const httpsOrLoopback = (url: URL) =>
  url.protocol === "https:" ||
  (url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname));

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: optionalString.pipe(
      z.url({ protocol: /^postgres(ql)?$/, message: "must be a postgresql:// URL" }).optional(),
    ),
    // The process's one connection pool (Prisma and the ingest path share it): its size, and how
    // long a request waits for a free connection before it fails with a clear error.
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    // Where the ingest rate limits are kept, when not in PostgreSQL (lib/ingest/redis-throttle.ts).
    REDIS_URL: optionalString.pipe(
      z.url({ protocol: /^rediss?$/, message: "must be a redis:// or rediss:// URL" }).optional(),
    ),
    // How many days events are kept after their upload day: a day's partition is dropped once it
    // is older than this (never within the 7-day de-duplication window) and every live
    // destination that covers it has delivered it (lib/events/partitions.ts).
    EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    // Logs: the lowest level written (pino's levels), and a file to write them to instead of
    // standard output (tests scan it).
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    LOG_FILE: optionalString,
    // Organizations' alert webhooks may not reach private, loopback or link-local addresses
    // (the portal's own network) unless this is "1"; development and tests allow them.
    WEBHOOK_ALLOW_PRIVATE_HOSTS: z.enum(["0", "1"]).optional(),
    // Where deployment-wide alerts (the scheduler stopped) are e-mailed, besides ALERT_WEBHOOK_URL.
    OPERATOR_EMAIL: optionalString.pipe(z.email({ message: "must be an e-mail address" }).optional()),
    NEXTAUTH_SECRET: optionalString,
    NEXTAUTH_URL: optionalString.pipe(z.url({ message: "must be an absolute URL" }).optional()),
    OIDC_ISSUER: optionalString.pipe(z.url({ message: "must be the SSO provider's issuer URL" }).optional()),
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_DISPLAY_NAME: optionalString.transform((value) => value ?? "SSO"),
    // The OIDC issuer that customers' federation policies name: the deployment's stable public
    // URL. Locally it defaults to the portal's own URL.
    ISSUER_URL: optionalString.pipe(z.url({ message: "must be an absolute URL" }).optional()),
    // 32 random bytes, base64: encrypts the issuer's private signing keys at rest.
    KEY_ENCRYPTION_KEY: optionalString.pipe(
      z
        .string()
        .refine(
          (value) => Buffer.from(value, "base64").length === 32,
          "must be 32 random bytes, base64-encoded (openssl rand -base64 32)",
        )
        .optional(),
    ),
    JWT_LIFETIME_MINUTES: z.coerce.number().int().min(10).max(60).default(15),
    // How long a new signing key is published before it signs (Databricks may cache our JWKS).
    KEY_PREPUBLISH_MINUTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .default(60),
    // Ingest rate limits per device and per user, in events per second (Amplitude's defaults).
    INGEST_HTTPAPI_EPS: z.coerce.number().int().min(1).default(30),
    INGEST_BATCH_EPS: z.coerce.number().int().min(1).default(1000),
    // Ingest request bytes one process holds at a time; beyond it, 503 with Retry-After.
    // At least one largest /batch body (20 MiB).
    // The largest /batch body accepted. Amplitude documents 20 MB; Vercel's functions refuse
    // bodies over 4.5 MB before the portal sees them, so on Vercel the default is that.
    INGEST_BATCH_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024 * 1024)
      .max(20 * 1024 * 1024)
      .optional(),
    INGEST_MAX_BYTES_IN_FLIGHT: z.coerce
      .number()
      .int()
      .min(20 * 1024 * 1024)
      .default(32 * 1024 * 1024),
    // Inngest: Cloud keys in production; INNGEST_DEV=1 with an Inngest dev server. Without
    // either, a queued run waits for the local runner of the export functions.
    INNGEST_EVENT_KEY: optionalString,
    INNGEST_SIGNING_KEY: optionalString,
    INNGEST_DEV: optionalString,
    // Where alerts are POSTed as JSON (destination failing, lag past twice its interval).
    ALERT_WEBHOOK_URL: optionalString.pipe(
      z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
    ),
    // Every e-mail (alerts, backfill notices, invitations, password resets) goes through this
    // server: smtp://user:pass@host:port (STARTTLS when offered, and required before the
    // credentials are sent) or smtps://… (implicit TLS). Unset, nothing is e-mailed.
    SMTP_URL: optionalString.pipe(
      z.url({ protocol: /^smtps?$/, message: "must be an smtp:// or smtps:// URL" }).optional(),
    ),
    // The sender of every e-mail. ALERT_EMAIL_FROM, its name when only alerts were e-mailed, is
    // still read when MAIL_FROM is unset (deprecated); both are folded into MAIL_FROM below.
    MAIL_FROM: optionalString,
    ALERT_EMAIL_FROM: optionalString,
    // The token first-run setup (/setup) asks for on a deployment with no user yet: required in
    // production; development generates one and prints it.
    SETUP_TOKEN: optionalString.pipe(
      z.string().min(16, "must be at least 16 characters (openssl rand -base64 24)").optional(),
    ),
    // A CA to trust for workspace hosts besides the system's (the local emulator's).
    DATABRICKS_CA_CERT_FILE: optionalString,
    VERCEL_URL: optionalString,
    // How many proxies of your own stand in front of the portal (each appends to
    // X-Forwarded-For): the client address for "$remote" is read that many entries from the
    // right. 0 (the default off Vercel) trusts no forwarded address.
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    VERCEL_ENV: optionalString,
    // Workspace hosts accepted besides Databricks' own domains (host[:port], comma-separated);
    // the local default lists the emulator.
    ALLOWED_WORKSPACE_HOSTS: optionalString.transform((value) =>
      (value ?? "")
        .split(",")
        .map((host) => host.trim().toLowerCase())
        .filter(Boolean),
    ),
  })
  .superRefine((env, ctx) => {
    const sso = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
    if (sso.some(Boolean) && !sso.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_ISSUER"],
        message: "SSO needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together",
      });
    }
    if (env.NODE_ENV !== "production") return;
    if (!env.ISSUER_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["ISSUER_URL"],
        message: "is required in production: the portal's stable public https URL",
      });
    } else {
      const issuer = new URL(env.ISSUER_URL);
      if (!httpsOrLoopback(issuer)) {
        ctx.addIssue({ code: "custom", path: ["ISSUER_URL"], message: "must be an https URL in production" });
      }
      if (env.VERCEL_URL && issuer.host === env.VERCEL_URL.toLowerCase()) {
        ctx.addIssue({
          code: "custom",
          path: ["ISSUER_URL"],
          message:
            "must be the deployment's stable URL, not this deployment's own URL (customers' policies name it)",
        });
      }
    }
    if (!env.KEY_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["KEY_ENCRYPTION_KEY"],
        message: "is required in production (openssl rand -base64 32)",
      });
    }
    if (!env.DATABASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["DATABASE_URL"],
        message: "is required in production (your managed Postgres URL)",
      });
    }
    // next-auth 4 assumes http://localhost:3000 without NEXTAUTH_URL (off Vercel), and then sets
    // cookies without Secure: production needs the portal's https URL.
    if (!env.NEXTAUTH_URL && !env.VERCEL_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXTAUTH_URL"],
        message: "is required in production outside Vercel: the portal's public https URL",
      });
    } else if (env.NEXTAUTH_URL && !httpsOrLoopback(new URL(env.NEXTAUTH_URL))) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXTAUTH_URL"],
        message: "must be an https URL in production",
      });
    }
    // INNGEST_DEV turns off the signature checks of /api/inngest: anyone could post step
    // results (and reach a run's commit). Inngest Cloud signs its requests with the signing key.
    if (env.INNGEST_DEV) {
      ctx.addIssue({
        code: "custom",
        path: ["INNGEST_DEV"],
        message: "must not be set in production: it turns off the signature checks of /api/inngest",
      });
    }
    if (env.INNGEST_EVENT_KEY && !env.INNGEST_SIGNING_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["INNGEST_SIGNING_KEY"],
        message: "is required in production when Inngest is configured (INNGEST_EVENT_KEY is set)",
      });
    }
    if (!env.NEXTAUTH_SECRET || env.NEXTAUTH_SECRET.length < 32) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXTAUTH_SECRET"],
        message: "is required in production: at least 32 random characters (openssl rand -base64 32)",
      });
    }
  })
  // One sender for the rest of the app to read, so that nothing reads the deprecated name.
  .transform(({ ALERT_EMAIL_FROM, ...env }) => ({
    ...env,
    MAIL_FROM: env.MAIL_FROM ?? ALERT_EMAIL_FROM ?? "deltaport@localhost",
  }));

export type Env = z.infer<typeof EnvSchema>;

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "InvalidEnvironmentError";
  }
}

/** Validates a set of variables; throws one error listing every problem. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  throw new InvalidEnvironmentError(
    result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`),
  );
}

/** The issuer URL, without a trailing slash: ISSUER_URL, else (outside production) the portal's URL. */
export function issuerUrl(source: Env = env()): string {
  const url = source.ISSUER_URL ?? source.NEXTAUTH_URL ?? "http://localhost:3000";
  return url.replace(/\/+$/, "");
}

let cached: Env | undefined;

/** The validated configuration of this process (parsed on first use). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
