/**
 * Where the app finds Supabase: a real project (env) or the embedded stand-ins.
 *
 * @module
 */
import {
  LOCAL_ANON_KEY,
  LOCAL_JWT_SECRET,
  LOCAL_SERVICE_ROLE_KEY,
} from "./keys.ts";

/** Connection facts every Supabase client in the app needs. */
export interface SupabaseConfig {
  /** Base URL (`<url>/auth/v1`, `<url>/realtime/v1`, …), no trailing slash. */
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  /** HS256 secret used to verify access tokens on the server. */
  jwtSecret: string;
  /** True when the `local/` stand-ins must be mounted (no `SUPABASE_URL`). */
  embedded: boolean;
}

/** Reads an env variable, treating missing permission like an unset value. */
function env(name: string): string | undefined {
  try {
    const value = Deno.env.get(name);
    return value === "" ? undefined : value;
  } catch {
    return undefined;
  }
}

/**
 * Resolves the Supabase configuration from the environment.
 *
 * With `SUPABASE_URL` set the app talks to real Supabase and the keys must be
 * given too; otherwise it serves the embedded stand-ins from its own origin
 * (`PUBLIC_URL`, default `http://127.0.0.1:${PORT:-8000}`) with the CLI's
 * local default keys.
 */
export function supabaseConfig(): SupabaseConfig {
  const external = env("SUPABASE_URL");
  if (external) {
    const anonKey = env("SUPABASE_ANON_KEY");
    if (!anonKey) {
      throw new Error("SUPABASE_URL is set but SUPABASE_ANON_KEY is missing");
    }
    return {
      url: stripSlash(external),
      anonKey,
      serviceRoleKey: env("SUPABASE_SERVICE_ROLE_KEY") ?? "",
      jwtSecret: env("SUPABASE_JWT_SECRET") ?? "",
      embedded: false,
    };
  }
  const origin = env("PUBLIC_URL") ??
    `http://127.0.0.1:${env("PORT") ?? "8000"}`;
  return {
    url: stripSlash(origin),
    anonKey: env("SUPABASE_ANON_KEY") ?? LOCAL_ANON_KEY,
    serviceRoleKey: env("SUPABASE_SERVICE_ROLE_KEY") ?? LOCAL_SERVICE_ROLE_KEY,
    jwtSecret: env("SUPABASE_JWT_SECRET") ?? LOCAL_JWT_SECRET,
    embedded: true,
  };
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
