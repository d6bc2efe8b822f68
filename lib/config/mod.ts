/**
 * The application's configuration, read once from the environment.
 *
 * This is the only module that reads `Deno.env`: {@link loadConfig} parses
 * every variable the app knows with zod into a typed {@link AppConfig}, with
 * the defaults and the error messages in one place. The composition root
 * (`app.ts`) hands the result to everything else. The README's variable table
 * is checked against {@link CONFIG_VARIABLES} by tests/unit/config_test.ts.
 *
 * @module
 */
import { z } from "zod";
import { parseRateLimits, type RateLimitRules } from "../rate_limit/config.ts";

/** Deployment profile (ARCHITECTURE.md §3, Profiles). */
export type Profile = "development" | "production";

/** Log thresholds, lowest first. */
export const LOG_LEVELS = [
  "debug",
  "info",
  "warn",
  "error",
  "critical",
  "silent",
] as const;
/** A log threshold. */
export type LogLevelSetting = typeof LOG_LEVELS[number];

/** Where the app finds Supabase: a real project or the embedded stand-ins. */
export interface SupabaseSettings {
  /** Real Supabase base URL; null = serve the embedded stand-ins in `local/`. */
  url: string | null;
  anonKey: string | null;
  serviceRoleKey: string | null;
  jwtSecret: string | null;
}

/** The typed configuration of one app instance. */
export interface AppConfig {
  profile: Profile;
  /** HTTP port to listen on. */
  port: number;
  /**
   * Canonical origin for links, mail and SEO (no trailing slash); null means
   * "the origin the server actually listens on", resolved at start.
   */
  publicUrl: string | null;
  /** PostgreSQL URL; null = embedded PGlite under `dataDir`. */
  databaseUrl: string | null;
  /** Migrate a `databaseUrl` database on start (PGlite always migrates). */
  dbAutoMigrate: boolean;
  /** Connections of the `databaseUrl` pool (ADR 0056). */
  dbPoolMax: number;
  /** Where the embedded database (and per-install secrets) live. */
  dataDir: string;
  supabase: SupabaseSettings;
  /** SMTP transport URL; null = dev mailbox (development) or no mail. */
  smtpUrl: string | null;
  smtpFrom: string | null;
  /** Rate limits by bucket (empty map = off). */
  rateLimits: RateLimitRules;
  /** True when `RATE_LIMITS=off` (load tests only). */
  rateLimitsOff: boolean;
  /** Trusted reverse proxies in front of the app (0 = none). */
  trustProxy: number;
  /** Run the background jobs (expiry, cleanup, outbox) in this process. */
  jobs: boolean;
  jobsIntervalMs: number;
  outboxIntervalMs: number;
  /** Availability micro-cache per instance (ADR 0005); 0 = off. */
  availabilityCacheMs: number;
  logLevel: LogLevelSetting;
  /** Key for hashing contact-form IPs; null = a development key. */
  ipHashSecret: string | null;
  /** Site URL GoTrue puts in auth mails (default: the public URL). */
  authSiteUrl: string | null;
  /** Bearer token `/metrics` requires; null = open (development only). */
  metricsToken: string | null;
  /** Stripe (card payments); null key = no card payments through Stripe. */
  stripe: StripeSettings;
  /** Twilio (SMS); null account = no SMS through Twilio (ADR 0036). */
  twilio: TwilioSettings;
  /** Caps of the embedded Realtime (ADR 0011). */
  realtime: RealtimeSettings;
  /** The optional OpenAI-compatible model of the assistant; null = offline engine only. */
  ai: AiSettings | null;
}

/** How the assistant reaches an OpenAI-compatible chat model. */
export interface AiSettings {
  /** Base URL of the API (`https://api.openai.com/v1`, or a compatible server). */
  baseUrl: string;
  /** Bearer key; some local servers need none. */
  apiKey: string | null;
  /** Model name passed to `chat.completions`. */
  model: string;
}

/** Per-client caps of the embedded Realtime. */
export interface RealtimeSettings {
  /** Open websockets per client address. */
  maxSocketsPerClient: number;
  /** Joined channels per websocket. */
  maxChannelsPerClient: number;
  /** How often joined users' sessions are re-checked, ms. */
  sessionCheckMs: number;
}

/** How the app reaches Stripe. */
export interface StripeSettings {
  /** Secret API key (`sk_…`); null = Stripe is not configured. */
  secretKey: string | null;
  /** Signing secret of the webhook endpoint (`whsec_…`). */
  webhookSecret: string | null;
  /** Scheme, host and port of the Stripe API; null = Stripe's own. */
  apiBase: string | null;
}

/** How the app reaches Twilio's Messages API. */
export interface TwilioSettings {
  /** Account SID (`AC…`); null = Twilio is not configured. */
  accountSid: string | null;
  /** Auth token: REST API password and the webhook signing key. */
  authToken: string | null;
  /** Sender number (E.164) or Messaging Service SID (`MG…`). */
  from: string | null;
  /** Scheme, host and port of the Twilio API; null = Twilio's own. */
  apiBase: string | null;
}

/** A variable the app reads, for the README table and error messages. */
export interface ConfigVariable {
  name: string;
  default: string;
  meaning: string;
}

/** Every environment variable the app reads, in README order. */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  {
    name: "APP_ENV",
    default: "—",
    meaning: "`production` forces the production profile",
  },
  { name: "PORT", default: "8000", meaning: "HTTP port" },
  {
    name: "DATA_DIR",
    default: "`.data`",
    meaning: "where the embedded PGlite database lives",
  },
  {
    name: "DATABASE_URL",
    default: "—",
    meaning: "use this PostgreSQL instead of PGlite",
  },
  {
    name: "DB_AUTO_MIGRATE",
    default: "—",
    meaning: "`1` migrates the `DATABASE_URL` database on start",
  },
  {
    name: "DB_POOL_MAX",
    default: "`4`",
    meaning: "connections each instance keeps to `DATABASE_URL`",
  },
  {
    name: "PUBLIC_URL",
    default: "the listening origin",
    meaning: "canonical origin for links, mail and SEO",
  },
  {
    name: "SUPABASE_URL",
    default: "—",
    meaning: "real Supabase Auth/Realtime; unset = embedded stand-ins",
  },
  {
    name: "SUPABASE_ANON_KEY",
    default: "—",
    meaning: "anon key of that project",
  },
  {
    name: "SUPABASE_SERVICE_ROLE_KEY",
    default: "—",
    meaning: "service-role key of that project",
  },
  {
    name: "SUPABASE_JWT_SECRET",
    default: "—",
    meaning: "HS256 secret that signs access tokens",
  },
  {
    name: "SMTP_URL",
    default: "—",
    meaning: "send mail over SMTP (nodemailer) instead of the dev mailbox",
  },
  {
    name: "SMTP_FROM",
    default: "—",
    meaning: "sender address of outgoing mail",
  },
  {
    name: "RATE_LIMITS",
    default: "built-in",
    meaning:
      "e.g. `quote=60/60s,holds=10/60s,bookings=5/60s,contact=3/600s`, or `off`",
  },
  {
    name: "TRUST_PROXY",
    default: "0",
    meaning: "number of trusted reverse proxies setting `x-forwarded-for`",
  },
  {
    name: "JOBS",
    default: "on",
    meaning:
      "`off` stops the deposit-expiry, hold-cleanup and mail-outbox jobs",
  },
  {
    name: "JOBS_INTERVAL_MS",
    default: "60000",
    meaning: "interval of the jobs",
  },
  {
    name: "OUTBOX_INTERVAL_MS",
    default: "10000",
    meaning: "interval of the mail outbox",
  },
  {
    name: "AVAILABILITY_CACHE_MS",
    default: "1000",
    meaning: "per-instance availability micro-cache (ADR 0005); 0 = off",
  },
  {
    name: "LOG_LEVEL",
    default: "info",
    meaning: "`debug`, `info`, `warn`, `error`, `critical`, `silent`",
  },
  {
    name: "IP_HASH_SECRET",
    default: "development key",
    meaning: "key for hashing contact-form IPs",
  },
  {
    name: "AUTH_SITE_URL",
    default: "`PUBLIC_URL`",
    meaning: "site URL in auth mails",
  },
  {
    name: "METRICS_TOKEN",
    default: "—",
    meaning:
      "bearer token `/metrics` requires (open without it in development)",
  },
  {
    name: "STRIPE_SECRET_KEY",
    default: "—",
    meaning: "Stripe secret key; unset = no Stripe card payments",
  },
  {
    name: "STRIPE_WEBHOOK_SECRET",
    default: "—",
    meaning: "signing secret of the `stripe-webhook` endpoint",
  },
  {
    name: "STRIPE_API_BASE",
    default: "`https://api.stripe.com`",
    meaning: "scheme, host and port of the Stripe API (tests, demos)",
  },
  {
    name: "TWILIO_ACCOUNT_SID",
    default: "—",
    meaning: "Twilio account SID; unset = no SMS (dev: the `/_dev/mailbox`)",
  },
  {
    name: "TWILIO_AUTH_TOKEN",
    default: "—",
    meaning: "Twilio auth token (API and inbound webhook signatures)",
  },
  {
    name: "TWILIO_FROM",
    default: "—",
    meaning: "sender number (E.164) or Messaging Service SID",
  },
  {
    name: "TWILIO_API_BASE",
    default: "`https://api.twilio.com`",
    meaning: "scheme, host and port of the Twilio API (tests, demos)",
  },
  {
    name: "REALTIME_MAX_SOCKETS_PER_CLIENT",
    default: "20",
    meaning:
      "embedded Realtime: open websockets per client address (429 past it)",
  },
  {
    name: "REALTIME_MAX_CHANNELS_PER_CLIENT",
    default: "100",
    meaning: "embedded Realtime: joined channels per websocket",
  },
  {
    name: "REALTIME_SESSION_CHECK_MS",
    default: "5000",
    meaning:
      "embedded Realtime: how often signed-out or refused users lose their channels",
  },
  {
    name: "AI_BASE_URL",
    default: "—",
    meaning:
      "OpenAI-compatible API the assistant's model planner calls (with `AI_MODEL`); offline engine otherwise",
  },
  {
    name: "AI_API_KEY",
    default: "—",
    meaning: "bearer key of `AI_BASE_URL` (never sent to the browser)",
  },
  {
    name: "AI_MODEL",
    default: "—",
    meaning: "model name for `AI_BASE_URL`",
  },
];

/** A configuration problem; `message` is one line naming the variable. */
export class ConfigError extends Error {
  /** The variable at fault. */
  readonly variable: string;
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = "ConfigError";
    this.variable = variable;
  }
}

const text = z.string().trim().transform((v) => (v === "" ? null : v))
  .nullable().default(null);

function integer(name: string, min: number, max: number, fallback: number) {
  return text.transform((v, ctx) => {
    if (v === null) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({
        code: "custom",
        message: `expected a whole number from ${min} to ${max}, got "${v}"`,
        path: [name],
      });
      return z.NEVER;
    }
    return n;
  });
}

function url(name: string) {
  return text.transform((v, ctx) => {
    if (v === null) return null;
    try {
      const parsed = new URL(v);
      if (!/^(https?|postgres(ql)?|smtps?):$/.test(parsed.protocol)) {
        throw new Error("scheme");
      }
      return v.replace(/\/+$/, "");
    } catch {
      ctx.addIssue({
        code: "custom",
        message: `expected a URL, got "${v}"`,
        path: [name],
      });
      return z.NEVER;
    }
  });
}

const flag = text.transform((v) => v !== null && /^(1|true|yes|on)$/i.test(v));

const ENV_SCHEMA = z.object({
  APP_ENV: text,
  PORT: integer("PORT", 0, 65535, 8000),
  DATA_DIR: text,
  DATABASE_URL: url("DATABASE_URL"),
  DB_AUTO_MIGRATE: flag,
  DB_POOL_MAX: integer("DB_POOL_MAX", 1, 100, 4),
  PUBLIC_URL: url("PUBLIC_URL"),
  SUPABASE_URL: url("SUPABASE_URL"),
  SUPABASE_ANON_KEY: text,
  SUPABASE_SERVICE_ROLE_KEY: text,
  SUPABASE_JWT_SECRET: text,
  SMTP_URL: url("SMTP_URL"),
  SMTP_FROM: text,
  RATE_LIMITS: text,
  TRUST_PROXY: text,
  JOBS: text,
  JOBS_INTERVAL_MS: integer("JOBS_INTERVAL_MS", 100, 86_400_000, 60_000),
  OUTBOX_INTERVAL_MS: integer("OUTBOX_INTERVAL_MS", 100, 86_400_000, 10_000),
  AVAILABILITY_CACHE_MS: integer("AVAILABILITY_CACHE_MS", 0, 600_000, 1000),
  LOG_LEVEL: text,
  IP_HASH_SECRET: text,
  AUTH_SITE_URL: url("AUTH_SITE_URL"),
  METRICS_TOKEN: text,
  STRIPE_SECRET_KEY: text,
  STRIPE_WEBHOOK_SECRET: text,
  STRIPE_API_BASE: url("STRIPE_API_BASE"),
  AI_BASE_URL: url("AI_BASE_URL"),
  AI_API_KEY: text,
  AI_MODEL: text,
  TWILIO_ACCOUNT_SID: text,
  TWILIO_AUTH_TOKEN: text,
  TWILIO_FROM: text,
  TWILIO_API_BASE: url("TWILIO_API_BASE"),
  REALTIME_MAX_SOCKETS_PER_CLIENT: integer(
    "REALTIME_MAX_SOCKETS_PER_CLIENT",
    1,
    10_000,
    20,
  ),
  REALTIME_MAX_CHANNELS_PER_CLIENT: integer(
    "REALTIME_MAX_CHANNELS_PER_CLIENT",
    1,
    10_000,
    100,
  ),
  REALTIME_SESSION_CHECK_MS: integer(
    "REALTIME_SESSION_CHECK_MS",
    10,
    600_000,
    5_000,
  ),
});

/**
 * The Supabase CLI's public local-development JWT secret. Anyone can sign
 * tokens with it, so production refuses it (and keys it signed).
 */
export const SUPABASE_CLI_DEMO_JWT_SECRET =
  "super-secret-jwt-token-with-at-least-32-characters-long";

/** True for an API key the CLI ships (`"iss":"supabase-demo"`). */
function isDemoKey(key: string): boolean {
  try {
    const payload = JSON.parse(
      atob(key.split(".")[1].replaceAll("-", "+").replaceAll("_", "/")),
    );
    return payload?.iss === "supabase-demo";
  } catch {
    return false;
  }
}

/** What production refuses to start without (ARCHITECTURE.md, Profiles). */
function checkProduction(e: z.infer<typeof ENV_SCHEMA>): void {
  if (!e.SMTP_URL) {
    throw new ConfigError(
      "SMTP_URL",
      "required in production (booking mail and sign-in links must be delivered)",
    );
  }
  const secret = e.SUPABASE_JWT_SECRET;
  if (secret === SUPABASE_CLI_DEMO_JWT_SECRET) {
    throw new ConfigError(
      "SUPABASE_JWT_SECRET",
      "the Supabase CLI's public demo secret cannot be used in production",
    );
  }
  if (secret !== null && secret.length < 32) {
    throw new ConfigError(
      "SUPABASE_JWT_SECRET",
      "must be at least 32 characters in production",
    );
  }
  // Sign-in links carry codes to the site URL: never a loopback address or
  // another origin than the app's own in production.
  const site = e.AUTH_SITE_URL;
  if (site !== null) {
    if (
      e.PUBLIC_URL !== null &&
      new URL(site).origin !== new URL(e.PUBLIC_URL).origin
    ) {
      throw new ConfigError(
        "AUTH_SITE_URL",
        "must be on PUBLIC_URL's origin in production",
      );
    }
    if (e.PUBLIC_URL === null && isLoopback(site)) {
      throw new ConfigError(
        "AUTH_SITE_URL",
        "cannot be a loopback address in production",
      );
    }
  }
  for (
    const name of ["SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY"] as const
  ) {
    const key = e[name];
    if (key && isDemoKey(key)) {
      throw new ConfigError(
        name,
        "the Supabase CLI's public demo key cannot be used in production",
      );
    }
    if (key && !e.SUPABASE_URL && !secret) {
      throw new ConfigError(
        name,
        "an embedded-auth key needs its SUPABASE_JWT_SECRET (or set neither: per-install keys are generated)",
      );
    }
  }
}

function isLoopback(origin: string): boolean {
  const host = new URL(origin).hostname;
  return host === "localhost" || host === "[::1]" ||
    /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Parses `env` (default: the process environment) into an {@link AppConfig}.
 *
 * @throws {ConfigError} naming the first variable at fault.
 */
export function loadConfig(
  env: Record<string, string | undefined> = readProcessEnv(),
): AppConfig {
  const parsed = ENV_SCHEMA.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? "environment");
    throw new ConfigError(name, issue.message);
  }
  const e = parsed.data;
  const appEnv = e.APP_ENV?.toLowerCase() ?? null;
  if (appEnv && !["production", "development"].includes(appEnv)) {
    throw new ConfigError(
      "APP_ENV",
      `expected "production" or "development", got "${e.APP_ENV}"`,
    );
  }
  const profile: Profile = appEnv === "production" ||
      (appEnv === null && e.PUBLIC_URL !== null && !isLoopback(e.PUBLIC_URL))
    ? "production"
    : "development";

  if (profile === "production") checkProduction(e);

  let rateLimits: RateLimitRules;
  try {
    rateLimits = parseRateLimits(e.RATE_LIMITS ?? undefined);
  } catch (err) {
    throw new ConfigError(
      "RATE_LIMITS",
      (err as Error).message.replace(/^RATE_LIMITS: /, ""),
    );
  }

  const trustRaw = e.TRUST_PROXY ?? "0";
  const trustProxy = /^(true|yes|on)$/i.test(trustRaw) ? 1 : Number(trustRaw);
  if (!Number.isInteger(trustProxy) || trustProxy < 0 || trustProxy > 10) {
    throw new ConfigError(
      "TRUST_PROXY",
      `expected the number of trusted proxies (0-10), got "${trustRaw}"`,
    );
  }

  const logLevel = (e.LOG_LEVEL?.toLowerCase() ?? "info") as LogLevelSetting;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(
      "LOG_LEVEL",
      `expected one of ${LOG_LEVELS.join(", ")}, got "${e.LOG_LEVEL}"`,
    );
  }

  if (e.SUPABASE_URL && !e.SUPABASE_ANON_KEY) {
    throw new ConfigError(
      "SUPABASE_ANON_KEY",
      "required when SUPABASE_URL is set",
    );
  }
  if (e.AI_BASE_URL && !e.AI_MODEL) {
    throw new ConfigError("AI_MODEL", "required when AI_BASE_URL is set");
  }
  if (e.STRIPE_SECRET_KEY && !e.STRIPE_WEBHOOK_SECRET) {
    throw new ConfigError(
      "STRIPE_WEBHOOK_SECRET",
      "required when STRIPE_SECRET_KEY is set",
    );
  }

  if (e.TWILIO_ACCOUNT_SID && !(e.TWILIO_AUTH_TOKEN && e.TWILIO_FROM)) {
    throw new ConfigError(
      e.TWILIO_AUTH_TOKEN ? "TWILIO_FROM" : "TWILIO_AUTH_TOKEN",
      "required when TWILIO_ACCOUNT_SID is set",
    );
  }

  return {
    profile,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL,
    databaseUrl: e.DATABASE_URL,
    dbAutoMigrate: e.DB_AUTO_MIGRATE,
    dbPoolMax: e.DB_POOL_MAX,
    dataDir: e.DATA_DIR ?? ".data",
    supabase: {
      url: e.SUPABASE_URL,
      anonKey: e.SUPABASE_ANON_KEY,
      serviceRoleKey: e.SUPABASE_SERVICE_ROLE_KEY,
      jwtSecret: e.SUPABASE_JWT_SECRET,
    },
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    rateLimits,
    rateLimitsOff: (e.RATE_LIMITS ?? "").toLowerCase() === "off",
    trustProxy,
    jobs: (e.JOBS ?? "").toLowerCase() !== "off",
    jobsIntervalMs: e.JOBS_INTERVAL_MS,
    outboxIntervalMs: e.OUTBOX_INTERVAL_MS,
    availabilityCacheMs: e.AVAILABILITY_CACHE_MS,
    logLevel,
    ipHashSecret: e.IP_HASH_SECRET,
    authSiteUrl: e.AUTH_SITE_URL,
    metricsToken: e.METRICS_TOKEN,
    stripe: {
      secretKey: e.STRIPE_SECRET_KEY,
      webhookSecret: e.STRIPE_WEBHOOK_SECRET,
      apiBase: e.STRIPE_API_BASE,
    },
    twilio: {
      accountSid: e.TWILIO_ACCOUNT_SID,
      authToken: e.TWILIO_AUTH_TOKEN,
      from: e.TWILIO_FROM,
      apiBase: e.TWILIO_API_BASE,
    },
    realtime: {
      maxSocketsPerClient: e.REALTIME_MAX_SOCKETS_PER_CLIENT,
      maxChannelsPerClient: e.REALTIME_MAX_CHANNELS_PER_CLIENT,
      sessionCheckMs: e.REALTIME_SESSION_CHECK_MS,
    },
    ai: e.AI_BASE_URL
      ? {
        baseUrl: e.AI_BASE_URL,
        apiKey: e.AI_API_KEY,
        model: e.AI_MODEL ?? "",
      }
      : null,
  };
}

/** The process environment, or nothing when env permission is missing. */
function readProcessEnv(): Record<string, string> {
  try {
    return Deno.env.toObject();
  } catch {
    return {};
  }
}
