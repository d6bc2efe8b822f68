/**
 * The Supabase CLI's well-known local development secrets (parity doc §3).
 *
 * They are public defaults baked into every `supabase start`, so using them
 * locally leaks nothing; a deployment against real Supabase sets its own keys
 * through `SUPABASE_*` env variables and never reads these.
 *
 * @module
 */

/** HS256 secret the CLI's local GoTrue signs every token with. */
export const LOCAL_JWT_SECRET =
  "super-secret-jwt-token-with-at-least-32-characters-long";

/** `{"iss":"supabase-demo","role":"anon","exp":1983812996}` signed with {@link LOCAL_JWT_SECRET}. */
export const LOCAL_ANON_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0";

/** `{"iss":"supabase-demo","role":"service_role","exp":1983812996}` signed with {@link LOCAL_JWT_SECRET}. */
export const LOCAL_SERVICE_ROLE_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU";
