// The one place that reads the environment. Everything else receives a Config.
import path from "node:path";
import { z } from "zod";

const booleanFromString = z
  .enum(["true", "false", "1", "0", "yes", "no"], {
    error: () => "expected true or false",
  })
  .transform((value) => value === "true" || value === "1" || value === "yes");

const optionalUrl = (protocols: string[], what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine(
      (value) => {
        if (value === undefined) return true;
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      { message: `expected ${what}` },
    );

const positiveInt = (fallback: number) =>
  z.coerce
    .number({ error: () => "expected a whole number" })
    .int("expected a whole number")
    .positive("expected a number above zero")
    .default(fallback);

// Posting limits: a whole number (posts per hour, or minutes for duplicates), where 0 turns the limit off. Unset, each takes its
// default outside tests; under NODE_ENV=test it is off, so only the tests that mean to exercise it set it.
const postingLimit = z.coerce
  .number({ error: () => "expected a whole number (0 turns the limit off)" })
  .int("expected a whole number (0 turns the limit off)")
  .min(0, "expected a whole number (0 turns the limit off)")
  .optional();

const envSchema = z
  .object({
    NODE_ENV: z
      .enum(["development", "production", "test"], {
        error: () => "expected development, production or test",
      })
      .default("development"),
    PORT: z.coerce
      .number({ error: () => "expected a port number" })
      .int()
      .min(0, "expected a port number from 0 to 65535")
      .max(65535, "expected a port number from 0 to 65535")
      .default(3000),
    HOST: z.string().default("0.0.0.0"),
    PUBLIC_URL: optionalUrl(["http:", "https:"], "an http:// or https:// address such as https://enlace.example.org"),
    ALLOWED_ORIGINS: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .refine(
        (origins) =>
          origins.every((origin) => {
            try {
              return new URL(origin).origin === origin;
            } catch {
              return false;
            }
          }),
        { message: "expected a comma-separated list of origins such as https://a.example,https://b.example" },
      ),
    DATABASE_URL: optionalUrl(["postgres:", "postgresql:"], "a postgres:// connection string"),
    DATABASE_POOL_SIZE: positiveInt(10),
    DATA_DIR: z.string().default("./data"),
    REDIS_URL: optionalUrl(["redis:", "rediss:"], "a redis:// connection string"),
    SESSION_DAYS: positiveInt(30),
    SESSION_MAX_DAYS: positiveInt(90),
    REGISTRATION_POLICY: z
      .enum(["open", "approval", "invite-only"], {
        error: () => "expected open, approval or invite-only",
      })
      .default("open"),
    ADMIN_EMAIL: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? value.toLowerCase() : undefined))
      .refine((value) => value === undefined || z.email().safeParse(value).success, {
        message: "expected an email address",
      }),
    SMTP_URL: optionalUrl(["smtp:", "smtps:"], "an smtp:// or smtps:// connection string"),
    MAIL_FROM: z.string().default("Enlace <no-reply@enlace.localhost>"),
    SEED_DEMO: booleanFromString.optional(),
    POSTS_PER_HOUR: postingLimit,
    THREADS_PER_HOUR: postingLimit,
    NEW_ACCOUNT_DAYS: z.coerce
      .number({ error: () => "expected a whole number of days" })
      .int("expected a whole number of days")
      .min(0, "expected a whole number of days")
      .default(3),
    NEW_ACCOUNT_POSTS_PER_HOUR: postingLimit,
    NEW_ACCOUNT_THREADS_PER_HOUR: postingLimit,
    DUPLICATE_POST_MINUTES: postingLimit,
    NOTIFY_EMAIL_DELAY_SECONDS: z.coerce
      .number({ error: () => "expected a whole number of seconds" })
      .int("expected a whole number of seconds")
      .min(0, "expected a whole number of seconds")
      .default(60),
    NOTIFY_EMAIL_SPACING_MINUTES: positiveInt(5),
    DIGEST_HOUR_UTC: z.coerce
      .number({ error: () => "expected an hour from 0 to 23" })
      .int("expected an hour from 0 to 23")
      .min(0, "expected an hour from 0 to 23")
      .max(23, "expected an hour from 0 to 23")
      .default(12),
    TRUST_PROXY: booleanFromString.default(false),
    // Document bank: the largest file accepted, uploads per member and hour (0: no limit), and where files live.
    UPLOAD_MAX_MB: z.coerce
      .number({ error: () => "expected a size in megabytes, such as 25" })
      .positive("expected a size in megabytes above zero")
      .max(2048, "expected at most 2048 megabytes")
      .default(25),
    UPLOADS_PER_HOUR: postingLimit,
    STORAGE: z.enum(["disk", "s3"], { error: () => "expected disk or s3" }).default("disk"),
    STORAGE_ENDPOINT: optionalUrl(["http:", "https:"], "an http:// or https:// address such as https://s3.eu-west-1.amazonaws.com"),
    STORAGE_BUCKET: z.string().trim().optional(),
    STORAGE_REGION: z.string().trim().default("us-east-1"),
    STORAGE_ACCESS_KEY_ID: z.string().trim().optional(),
    STORAGE_SECRET_ACCESS_KEY: z.string().optional(),
    WEBHOOKS_ALLOW_PRIVATE: booleanFromString.default(false),
    // Test-only: posts keep their raw HTML, unsanitized, so a test can show the CSP alone stops injected script.
    UNSAFE_DISABLE_SANITIZER: booleanFromString.default(false),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
        error: () => "expected one of fatal, error, warn, info, debug, trace, silent",
      })
      .default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.UNSAFE_DISABLE_SANITIZER && env.NODE_ENV !== "test") {
      ctx.addIssue({
        code: "custom",
        path: ["UNSAFE_DISABLE_SANITIZER"],
        message: "is only allowed when NODE_ENV=test (it lets posts carry raw, unsanitized HTML)",
      });
    }
    if (env.SESSION_MAX_DAYS < env.SESSION_DAYS) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_MAX_DAYS"],
        message: "expected a number of days at least as large as SESSION_DAYS",
      });
    }
    if (env.STORAGE === "s3") {
      for (const key of ["STORAGE_BUCKET", "STORAGE_ACCESS_KEY_ID", "STORAGE_SECRET_ACCESS_KEY"] as const) {
        if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "expected a value when STORAGE=s3" });
      }
    }
  });

export type Environment = z.infer<typeof envSchema>;

/** Every variable Enlace reads; .env.example documents each one (a test checks). */
export const environmentKeys = Object.keys(envSchema.shape) as (keyof Environment)[];

export interface Config {
  env: Environment["NODE_ENV"];
  isProduction: boolean;
  port: number;
  host: string;
  publicUrl: string;
  /** Origins allowed to send state-changing requests and open sockets. */
  allowedOrigins: string[];
  secureCookies: boolean;
  database: { kind: "postgres"; url: string; poolSize: number } | { kind: "pglite"; dataDir: string };
  dataDir: string;
  outboxDir: string;
  redisUrl?: string;
  session: { days: number; maxDays: number };
  registrationPolicy: Environment["REGISTRATION_POLICY"];
  adminEmail?: string;
  mail: { smtpUrl?: string; from: string };
  seedDemo: boolean;
  /**
   * Anti-abuse limits per member and hour (0: no limit). Replies count against posts, new threads
   * against threads. Accounts younger than newAccountDays get the newAccount limits.
   */
  posting: {
    postsPerHour: number;
    threadsPerHour: number;
    newAccountDays: number;
    newAccountPostsPerHour: number;
    newAccountThreadsPerHour: number;
    /** The same text posted again by the same member within this many minutes is refused (0: never). */
    duplicateMinutes: number;
  };
  notifications: {
    /** An immediate email waits this long, so what a member reads in the page first is left out of it. */
    delaySeconds: number;
    /** At most one email per thread (or group) and member in this many minutes. */
    spacingMinutes: number;
    /** Digests go out after this hour (UTC), daily or weekly. */
    digestHourUtc: number;
  };
  trustProxy: boolean;
  /** Outgoing webhooks: whether they may post to loopback and private-network addresses (tests, intranets). */
  webhooks: { allowPrivateAddresses: boolean };
  /** Test-only (refused outside NODE_ENV=test): posts render raw HTML without the sanitizer. */
  unsafeDisableSanitizer: boolean;
  logLevel: Environment["LOG_LEVEL"];
  documents: DocumentsConfig;
}

/** Where document files are kept: a folder (DATA_DIR/files) or an S3-compatible bucket. */
export type StorageConfig =
  | { kind: "disk"; dir: string }
  | { kind: "s3"; endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string };

export interface DocumentsConfig {
  /** The largest file accepted, in bytes (UPLOAD_MAX_MB). */
  maxBytes: number;
  /** Uploads arrive here first (always on local disk), then move to the storage. */
  stagingDir: string;
  /** Files (new documents and new versions) a member may upload per hour; 0: no limit. */
  uploadsPerHour: number;
  storage: StorageConfig;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** A posting limit left unset: its default, except in tests, where limits only bite when a test sets them. */
function postingDefault(nodeEnv: Environment["NODE_ENV"], fallback: number): number {
  return nodeEnv === "test" ? 0 : fallback;
}

/** Parses an environment (process.env by default) into a Config, or throws a ConfigError naming each bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "not set", as in most .env files.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = issue.path.join(".") || "environment";
        const given = cleaned[variable];
        return `${variable}: ${issue.message}${given !== undefined && !/SMTP_URL|DATABASE_URL|REDIS_URL|STORAGE_/.test(variable) ? ` (got "${given}")` : ""}`;
      }),
    );
  }
  const env = parsed.data;
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  const publicOrigin = new URL(publicUrl).origin;
  const dataDir = path.resolve(env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === "production",
    port: env.PORT,
    host: env.HOST,
    publicUrl,
    allowedOrigins: [...new Set([publicOrigin, ...env.ALLOWED_ORIGINS])],
    secureCookies: publicOrigin.startsWith("https:"),
    database: env.DATABASE_URL
      ? { kind: "postgres", url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE }
      : { kind: "pglite", dataDir: path.join(dataDir, "pglite") },
    dataDir,
    outboxDir: path.join(dataDir, "outbox"),
    redisUrl: env.REDIS_URL,
    session: { days: env.SESSION_DAYS, maxDays: env.SESSION_MAX_DAYS },
    registrationPolicy: env.REGISTRATION_POLICY,
    adminEmail: env.ADMIN_EMAIL,
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM },
    // By default the demo seed fills a new embedded database outside production; elsewhere it must be asked for.
    seedDemo: env.SEED_DEMO ?? (env.NODE_ENV !== "production" && !env.DATABASE_URL),
    notifications: {
      delaySeconds: env.NOTIFY_EMAIL_DELAY_SECONDS,
      spacingMinutes: env.NOTIFY_EMAIL_SPACING_MINUTES,
      digestHourUtc: env.DIGEST_HOUR_UTC,
    },
    posting: {
      postsPerHour: env.POSTS_PER_HOUR ?? postingDefault(env.NODE_ENV, 30),
      threadsPerHour: env.THREADS_PER_HOUR ?? postingDefault(env.NODE_ENV, 10),
      newAccountDays: env.NEW_ACCOUNT_DAYS,
      newAccountPostsPerHour: env.NEW_ACCOUNT_POSTS_PER_HOUR ?? postingDefault(env.NODE_ENV, 10),
      newAccountThreadsPerHour: env.NEW_ACCOUNT_THREADS_PER_HOUR ?? postingDefault(env.NODE_ENV, 3),
      duplicateMinutes: env.DUPLICATE_POST_MINUTES ?? postingDefault(env.NODE_ENV, 10),
    },
    trustProxy: env.TRUST_PROXY,
    webhooks: { allowPrivateAddresses: env.WEBHOOKS_ALLOW_PRIVATE },
    unsafeDisableSanitizer: env.UNSAFE_DISABLE_SANITIZER && env.NODE_ENV === "test",
    logLevel: env.LOG_LEVEL,
    documents: {
      maxBytes: Math.floor(env.UPLOAD_MAX_MB * 1024 * 1024),
      stagingDir: path.join(dataDir, "uploads"),
      uploadsPerHour: env.UPLOADS_PER_HOUR ?? postingDefault(env.NODE_ENV, 30),
      storage:
        env.STORAGE === "s3"
          ? {
              kind: "s3",
              endpoint: (env.STORAGE_ENDPOINT ?? `https://s3.${env.STORAGE_REGION}.amazonaws.com`).replace(/\/+$/, ""),
              bucket: env.STORAGE_BUCKET!,
              region: env.STORAGE_REGION,
              accessKeyId: env.STORAGE_ACCESS_KEY_ID!,
              secretAccessKey: env.STORAGE_SECRET_ACCESS_KEY!,
            }
          : { kind: "disk", dir: path.join(dataDir, "files") },
    },
  };
}
