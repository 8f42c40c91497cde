import { z } from "zod";

// Every setting the app reads, validated once. Nothing else reads process.env.

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== "" ? value.trim() : undefined));

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/, message: "must be a postgresql:// URL" }).optional()),
    NEXTAUTH_SECRET: optionalString,
    NEXTAUTH_URL: optionalString.pipe(z.url({ message: "must be an absolute URL" }).optional()),
    OIDC_ISSUER: optionalString.pipe(z.url({ message: "must be the SSO provider's issuer URL" }).optional()),
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_DISPLAY_NAME: optionalString.transform((value) => value ?? "SSO"),
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
    if (!env.DATABASE_URL) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "is required in production (your managed Postgres URL)" });
    }
    if (!env.NEXTAUTH_SECRET || env.NEXTAUTH_SECRET.length < 32) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXTAUTH_SECRET"],
        message: "is required in production: at least 32 random characters (openssl rand -base64 32)",
      });
    }
  });

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
  throw new InvalidEnvironmentError(result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`));
}

let cached: Env | undefined;

/** The validated configuration of this process (parsed on first use). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
