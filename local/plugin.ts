/**
 * The embedded Supabase stand-ins as one Fresh plugin: auth at `/auth/v1`,
 * the dev mailbox at `/_dev/mailbox(.json)`, plus routes other stand-ins
 * contribute (realtime). Mount it only when `supabaseConfig().embedded`.
 *
 * @module
 */
import type { Plugin, PluginRoute } from "$fresh/server.ts";
import { getDb } from "../lib/db/mod.ts";
import { readAuthConfig } from "./auth/config_toml.ts";
import { createAuthHandler } from "./auth/handler.ts";
import type { AuthOptions } from "./auth/options.ts";
import { authRoutes } from "./auth/routes.ts";
import { supabaseConfig } from "./config.ts";
import { createMailer, devMailbox, type Mailbox } from "./mail/mod.ts";
import { type Mailer, setMailer } from "../lib/mail/mod.ts";
import { mailMiddleware } from "./mail/routes.ts";

/** Options of {@link supabaseLocal}. */
export interface SupabaseLocalOptions {
  /** Database with `auth.users`; default the process-wide `getDb()`. */
  db?: () => Promise<{ sql: AuthOptions["db"]["sql"] }>;
  /** Mail transport; default SMTP when `SMTP_URL` is set, else the dev mailbox. */
  mailer?: Mailer;
  /** Mailbox shown at `/_dev/mailbox`; default the process-wide one. */
  mailbox?: Mailbox;
  /** Overrides of the auth settings read from `supabase/config.toml`. */
  auth?: Partial<Omit<AuthOptions, "db" | "mailer">>;
  /** More routes, e.g. `realtimeRoutes(…)` from `local/realtime/routes.ts`. */
  extraRoutes?: PluginRoute[];
}

/**
 * Creates the `supabase-local` plugin. Settings come from
 * `supabase/config.toml` (`[auth]`, `[auth.email]`), then env
 * (`AUTH_SITE_URL`, `PUBLIC_URL`), then `options.auth`.
 */
export function supabaseLocal(options: SupabaseLocalOptions = {}): Plugin {
  const mailbox = options.mailbox ?? devMailbox();
  const mailer = options.mailer ?? createMailer({ mailbox });
  // Booking notifications (lib/notifications) send through the same
  // transport, so the dev mailbox shows them next to the auth mail.
  setMailer(mailer);
  const factory = async () => {
    const config = supabaseConfig();
    const toml = await readAuthConfig();
    const db = await (options.db ?? getDb)();
    const siteUrl = readEnv("AUTH_SITE_URL") ?? readEnv("PUBLIC_URL") ??
      toml.siteUrl ?? config.url;
    return createAuthHandler({
      ...toml,
      siteUrl,
      redirectAllowList: [
        ...(toml.redirectAllowList ?? []),
        `${config.url}/**`,
      ],
      externalUrl: `${config.url}/auth/v1`,
      jwtSecret: config.jwtSecret,
      apiKeys: [config.anonKey, config.serviceRoleKey],
      ...options.auth,
      db,
      mailer,
    });
  };
  return {
    name: "supabase-local",
    routes: [
      ...authRoutes(factory),
      ...(options.extraRoutes ?? []),
    ],
    middlewares: [mailMiddleware(mailbox)],
  };
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined;
  }
}
