/**
 * Configuration of the auth stand-in and its resolved form.
 *
 * @module
 */
import type { Sql } from "postgres";
import type { Mailer } from "../../lib/mail/types.ts";
import type { RedirectPolicy } from "./redirect.ts";
import type { TokenSettings } from "./sessions.ts";

/** Options of `createAuthHandler` (names follow GoTrue's config). */
export interface AuthOptions {
  /** Database holding `auth.users`; the handler uses its owner connection. */
  db: { sql: Sql };
  /** Public URL of the auth API, e.g. `http://127.0.0.1:8000/auth/v1`. */
  externalUrl: string;
  /** Fallback redirect target (`[auth] site_url`). */
  siteUrl: string;
  /** `additional_redirect_urls` globs. */
  redirectAllowList?: readonly string[];
  /**
   * Loopback `redirect_to` targets are accepted (GoTrue's behaviour; default
   * true). The app's production profile sets false (see redirect.ts).
   */
  allowLoopbackRedirects?: boolean;
  /** HS256 secret for access tokens. */
  jwtSecret: string;
  /** Access-token lifetime, seconds (default 3600). */
  jwtExpiry?: number;
  /** Where auth mail goes. */
  mailer: Mailer;
  /** Clock (tests); default `() => new Date()`. */
  now?: () => Date;
  /** Minimum seconds between two mails to one address (default 60). */
  emailMaxFrequency?: number;
  /** OTP and email-link lifetime, seconds (default 3600). */
  otpExpiry?: number;
  /** OTP digits (default 6). */
  otpLength?: number;
  /** Seconds a rotated refresh token may still be replayed (default 10). */
  refreshTokenReuseInterval?: number;
  /**
   * Revoke the session's refresh tokens when a rotated one is replayed after
   * the reuse interval (`enable_refresh_token_rotation`, default true).
   */
  refreshTokenRotation?: boolean;
  /** Shortest password accepted (`minimum_password_length`, default 6). */
  minimumPasswordLength?: number;
  /** The email provider is on (`[auth.email] enable_signup`, default true). */
  emailEnabled?: boolean;
  /**
   * New email users are confirmed at once (`[auth.email]
   * enable_confirmations = false`, the CLI default; default true).
   */
  autoconfirm?: boolean;
  /** Seconds a PKCE auth code stays exchangeable after issue (default 300). */
  flowStateExpiry?: number;
  /** Refuse new users (default false). */
  disableSignup?: boolean;
  /**
   * API keys the gateway accepts (`apikey` header or query). When given,
   * requests without one are refused like the Supabase gateway does; `GET
   * /verify` (email links) stays open.
   */
  apiKeys?: readonly string[];
  /** Name shown as mail sender context (default "MyHibachi"). */
  siteName?: string;
  /**
   * `POST /otp` answers the same for known and unknown addresses (ADR 0016;
   * the app's production profile). Default false: GoTrue's answers
   * (`otp_disabled`, `over_email_send_rate_limit`).
   */
  hideUnknownEmails?: boolean;
  /** Told when a mail sent after the answer fails (hideUnknownEmails). */
  onMailError?: (err: unknown) => void;
}

/** Options with every default filled in. */
export interface AuthSettings {
  sql: Sql;
  externalUrl: string;
  redirect: RedirectPolicy;
  tokens: TokenSettings;
  mailer: Mailer;
  now: () => Date;
  emailMaxFrequency: number;
  otpExpiry: number;
  otpLength: number;
  refreshTokenReuseInterval: number;
  refreshTokenRotation: boolean;
  minimumPasswordLength: number;
  emailEnabled: boolean;
  autoconfirm: boolean;
  flowStateExpiry: number;
  disableSignup: boolean;
  apiKeys: readonly string[] | null;
  siteName: string;
  hideUnknownEmails: boolean;
  onMailError: (err: unknown) => void;
}

/** Fills in defaults and validates the options. */
export function resolveOptions(options: AuthOptions): AuthSettings {
  if (options.jwtSecret.length < 32) {
    throw new Error("auth: jwtSecret must be at least 32 characters");
  }
  const externalUrl = options.externalUrl.replace(/\/+$/, "");
  return {
    sql: options.db.sql,
    externalUrl,
    redirect: {
      siteUrl: options.siteUrl,
      allowList: options.redirectAllowList ?? [],
      allowLoopback: options.allowLoopbackRedirects ?? true,
    },
    tokens: {
      jwtSecret: options.jwtSecret,
      jwtExpiry: options.jwtExpiry ?? 3600,
      issuer: externalUrl,
    },
    mailer: options.mailer,
    now: options.now ?? (() => new Date()),
    emailMaxFrequency: options.emailMaxFrequency ?? 60,
    otpExpiry: options.otpExpiry ?? 3600,
    otpLength: options.otpLength ?? 6,
    refreshTokenReuseInterval: options.refreshTokenReuseInterval ?? 10,
    refreshTokenRotation: options.refreshTokenRotation ?? true,
    minimumPasswordLength: options.minimumPasswordLength ?? 6,
    emailEnabled: options.emailEnabled ?? true,
    autoconfirm: options.autoconfirm ?? true,
    flowStateExpiry: options.flowStateExpiry ?? 300,
    disableSignup: options.disableSignup ?? false,
    apiKeys: options.apiKeys ?? null,
    siteName: options.siteName ?? "MyHibachi",
    hideUnknownEmails: options.hideUnknownEmails ?? false,
    onMailError: options.onMailError ?? (() => {}),
  };
}
