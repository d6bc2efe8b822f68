/**
 * How the app reaches Supabase: the one shape the composition root builds
 * and the auth services read.
 *
 * @module
 */

/** How the app reaches Supabase (real, or the embedded stand-ins). */
export interface SupabaseConnection {
  /** Base URL (`<url>/auth/v1`, `<url>/realtime/v1`, …), no trailing slash. */
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  /** HS256 secret that verifies access tokens on the server. */
  jwtSecret: string;
  /** True when `local/` serves auth and realtime from this app. */
  embedded: boolean;
}
