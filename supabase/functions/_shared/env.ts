/**
 * Ports from the function's own environment, for `supabase functions serve`
 * and deployed functions (the app's embedded gateway builds them from its
 * parts instead). Only the entry points call this.
 *
 * Variables: `SUPABASE_DB_URL` (set by Supabase), `STRIPE_SECRET_KEY`,
 * `STRIPE_WEBHOOK_SECRET`, `STRIPE_API_BASE`, `PUBLIC_URL` (the site's
 * origin for manage links).
 *
 * @module
 */
import postgres from "npm:postgres@3.4.9";
import { createStripeGateway } from "./gateway.ts";
import type { FunctionPorts } from "./ports.ts";

/** Ports built from `Deno.env`. */
export function portsFromEnv(): FunctionPorts {
  const env = (name: string) => Deno.env.get(name) || null;
  const dbUrl = env("SUPABASE_DB_URL");
  if (!dbUrl) throw new Error("SUPABASE_DB_URL is not set");
  const sql = postgres(dbUrl, { max: 3, prepare: false });
  const key = env("STRIPE_SECRET_KEY");
  return {
    transact: (fn) =>
      sql.begin(async (tx) => {
        await tx`select set_config('role', 'service_role', true),
          set_config('request.jwt.claims', '{"role":"service_role"}', true),
          set_config('search_path', 'public, extensions', true)`;
        return await fn(tx);
      }) as never,
    clock: () => new Date(),
    payments: key
      ? createStripeGateway({
        secretKey: key,
        apiBase: env("STRIPE_API_BASE"),
      })
      : null,
    publicUrl: (env("PUBLIC_URL") ?? env("SITE_URL") ?? "").replace(
      /\/+$/,
      "",
    ),
    stripeWebhookSecret: env("STRIPE_WEBHOOK_SECRET"),
    log: (level, msg, fields = {}) =>
      console[level === "info" ? "log" : level](
        JSON.stringify({ ts: new Date().toISOString(), level, msg, ...fields }),
      ),
  };
}
