/**
 * The Supabase CLI's well-known local development secrets (parity doc §3).
 *
 * They are public defaults baked into every `supabase start`: the app uses
 * them only when a developer configures them explicitly (tests do, to talk to
 * the stand-ins with the same keys as supabase-js examples); the embedded
 * default generates per-install secrets (local/secrets.ts), and production
 * refuses these (lib/config).
 *
 * @module
 */

import { SUPABASE_CLI_DEMO_JWT_SECRET } from "../lib/config/mod.ts";

/** HS256 secret the CLI's local GoTrue signs every token with. */
export const LOCAL_JWT_SECRET = SUPABASE_CLI_DEMO_JWT_SECRET;

/** `{"iss":"supabase-demo","role":"anon","exp":1983812996}` signed with {@link LOCAL_JWT_SECRET}. */
export const LOCAL_ANON_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0";

/** `{"iss":"supabase-demo","role":"service_role","exp":1983812996}` signed with {@link LOCAL_JWT_SECRET}. */
export const LOCAL_SERVICE_ROLE_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU";
