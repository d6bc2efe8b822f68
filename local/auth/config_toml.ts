/**
 * Reads the `[auth]` settings of `supabase/config.toml`, so the embedded
 * stand-in behaves like `supabase start` with the same file.
 *
 * Only the flat subset the CLI template uses is understood: `[section]`
 * headers and `key = string | number | boolean | [strings]` lines.
 *
 * @module
 */
import type { AuthOptions } from "./options.ts";

type TomlValue = string | number | boolean | string[];

/** Parses the flat TOML subset into `section -> key -> value`. */
export function parseFlatToml(
  text: string,
): Map<string, Map<string, TomlValue>> {
  const sections = new Map<string, Map<string, TomlValue>>();
  let current = new Map<string, TomlValue>();
  sections.set("", current);
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = stripComment(lines[i]).trim();
    if (line === "") continue;
    const header = /^\[([A-Za-z0-9_.\-]+)\]$/.exec(line);
    if (header) {
      current = sections.get(header[1]) ?? new Map();
      sections.set(header[1], current);
      continue;
    }
    const pair = /^([A-Za-z0-9_\-]+)\s*=\s*(.*)$/.exec(line);
    if (!pair) continue;
    let raw = pair[2];
    // Arrays may span lines until the closing bracket.
    while (raw.startsWith("[") && !raw.includes("]") && i + 1 < lines.length) {
      raw += " " + stripComment(lines[++i]).trim();
    }
    const value = parseValue(raw.trim());
    if (value !== undefined) current.set(pair[1], value);
  }
  return sections;
}

function stripComment(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    if (line[i] === "#" && !quoted) return line.slice(0, i);
  }
  return line;
}

function parseValue(raw: string): TomlValue | undefined {
  if (raw === "true" || raw === "false") return raw === "true";
  if (/^-?\d+$/.test(raw)) return Number(raw);
  const str = /^"((?:[^"\\]|\\.)*)"$/.exec(raw);
  if (str) return JSON.parse(`"${str[1]}"`);
  if (raw.startsWith("[") && raw.endsWith("]")) {
    return [...raw.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) =>
      JSON.parse(`"${m[1]}"`)
    );
  }
  return undefined;
}

/** Converts a Go duration like "1s", "1m0s" or "60" to seconds. */
export function durationSeconds(
  value: TomlValue | undefined,
): number | undefined {
  if (typeof value === "number") return value;
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
  const sections = parseFlatToml(text);
  const auth = sections.get("auth") ?? new Map();
  const email = sections.get("auth.email") ?? new Map();
  const num = (v: TomlValue | undefined) =>
    typeof v === "number" ? v : undefined;
  const str = (v: TomlValue | undefined) =>
    typeof v === "string" ? v : undefined;
  const signup = auth.get("enable_signup");
  const emailSignup = email.get("enable_signup");
  return {
    siteUrl: str(auth.get("site_url")),
    redirectAllowList: Array.isArray(auth.get("additional_redirect_urls"))
      ? auth.get("additional_redirect_urls") as string[]
      : undefined,
    jwtExpiry: num(auth.get("jwt_expiry")),
    refreshTokenReuseInterval: num(auth.get("refresh_token_reuse_interval")),
    disableSignup: signup === false || emailSignup === false ? true : undefined,
    emailMaxFrequency: durationSeconds(email.get("max_frequency")),
    otpLength: num(email.get("otp_length")),
    otpExpiry: num(email.get("otp_expiry")),
  };
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
