/**
 * Reads the `[auth]` settings of `supabase/config.toml`, so the embedded
 * stand-in behaves like `supabase start` with the same file. The file is
 * parsed by `smol-toml` (full TOML 1.0); only the keys below are read.
 *
 * | config.toml                                | option                        |
 * | ------------------------------------------ | ----------------------------- |
 * | `[auth] site_url`                          | `siteUrl`                     |
 * | `[auth] additional_redirect_urls`          | `redirectAllowList`           |
 * | `[auth] jwt_expiry`                        | `jwtExpiry`                   |
 * | `[auth] enable_refresh_token_rotation`     | `refreshTokenRotation`        |
 * | `[auth] refresh_token_reuse_interval`      | `refreshTokenReuseInterval`   |
 * | `[auth] enable_signup` (false)             | `disableSignup`               |
 * | `[auth] minimum_password_length`           | `minimumPasswordLength`       |
 * | `[auth.email] enable_signup`               | `emailEnabled` (the provider) |
 * | `[auth.email] enable_confirmations`        | `autoconfirm` (negated)       |
 * | `[auth.email] max_frequency`               | `emailMaxFrequency`           |
 * | `[auth.email] otp_length`, `otp_expiry`    | `otpLength`, `otpExpiry`      |
 *
 * As in the CLI, `[auth.email] enable_signup` switches the whole email
 * provider (GoTrue's `EXTERNAL_EMAIL_ENABLED`), while `[auth] enable_signup`
 * only refuses new users (`DISABLE_SIGNUP`).
 *
 * @module
 */
import { parse } from "smol-toml";
import type { AuthOptions } from "./options.ts";

type Table = Record<string, unknown>;

function table(value: unknown): Table {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? value as Table
    : {};
}

function num(value: unknown): number | undefined {
  if (typeof value === "bigint") return Number(value);
  return typeof value === "number" ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function bool(value: unknown): boolean | undefined {
  return typeof value === "boolean" ? value : undefined;
}

/** Converts a Go duration like "1s", "1m0s" or a number to seconds. */
export function durationSeconds(value: unknown): number | undefined {
  const n = num(value);
  if (n !== undefined) return n;
  if (typeof value !== "string") return undefined;
  let total = 0;
  let matched = false;
  for (const m of value.matchAll(/(\d+(?:\.\d+)?)(h|m|s)/g)) {
    matched = true;
    total += Number(m[1]) * { h: 3600, m: 60, s: 1 }[m[2] as "h" | "m" | "s"];
  }
  return matched ? total : undefined;
}

/** Auth options found in a config.toml text (missing keys stay undefined). */
export function authOptionsFromToml(text: string): Partial<AuthOptions> {
  const root = parse(text) as Table;
  const auth = table(root.auth);
  const email = table(auth.email);
  const redirects = auth.additional_redirect_urls;
  const confirmations = bool(email.enable_confirmations);
  const options: Partial<AuthOptions> = {
    siteUrl: str(auth.site_url),
    redirectAllowList: Array.isArray(redirects)
      ? redirects.filter((v): v is string => typeof v === "string")
      : undefined,
    jwtExpiry: num(auth.jwt_expiry),
    refreshTokenRotation: bool(auth.enable_refresh_token_rotation),
    refreshTokenReuseInterval: num(auth.refresh_token_reuse_interval),
    disableSignup: auth.enable_signup === false ? true : undefined,
    minimumPasswordLength: num(auth.minimum_password_length),
    emailEnabled: bool(email.enable_signup),
    autoconfirm: confirmations === undefined ? undefined : !confirmations,
    emailMaxFrequency: durationSeconds(email.max_frequency),
    otpLength: num(email.otp_length),
    otpExpiry: num(email.otp_expiry),
  };
  for (const key of Object.keys(options) as (keyof AuthOptions)[]) {
    if (options[key] === undefined) delete options[key];
  }
  return options;
}

/** Reads `supabase/config.toml` (relative to `cwd`), or `{}` when absent. */
export async function readAuthConfig(
  path = "supabase/config.toml",
): Promise<Partial<AuthOptions>> {
  try {
    return authOptionsFromToml(await Deno.readTextFile(path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return {};
    throw error;
  }
}
