/**
 * The embedded Supabase stand-ins as one Fresh plugin: auth at `/auth/v1`,
 * realtime at `/realtime/v1/websocket`, and the dev mailbox at
 * `/_dev/mailbox(.json)`. The composition root (`app.ts`) mounts it only when
 * no real Supabase is configured, and hands it every port it uses: the
 * database, the mailer, the secrets and the site URL. Nothing here reads the
 * environment or a process-wide singleton.
 *
 * @module
 */
import type { Plugin, PluginRoute } from "$fresh/server.ts";
import type { Sql } from "postgres";
import type { Mailer } from "../lib/mail/types.ts";
import { readAuthConfig } from "./auth/config_toml.ts";
import { createAuthHandler } from "./auth/handler.ts";
import type { AuthOptions } from "./auth/options.ts";
import { authRoutes } from "./auth/routes.ts";
import type { Mailbox } from "./mail/mailbox.ts";
import { mailMiddleware } from "./mail/routes.ts";
import { type ClientOf, realtimeRoutes } from "./realtime/routes.ts";
import type { Realtime } from "./realtime/server.ts";

/** Ports and settings of {@link supabaseLocal}. */
export interface SupabaseLocalOptions {
  /** Database with `auth.users` (and the app's tables, for realtime). */
  db: { sql: Sql };
  /** Where auth mail goes. */
  mailer: Mailer;
  /** Mailbox shown at `/_dev/mailbox`; omit to serve no mailbox pages. */
  mailbox?: Mailbox;
  /** This app's public origin: the stand-ins' own base URL. */
  publicUrl: string;
  /** Site URL auth mails link to (default `publicUrl`). */
  siteUrl?: string;
  /** HS256 secret tokens are signed with. */
  jwtSecret: string;
  /** Keys accepted as `apikey`. */
  apiKeys: string[];
  /** Overrides of the auth settings read from `supabase/config.toml`. */
  auth?: Partial<Omit<AuthOptions, "db" | "mailer">>;
  /** The Realtime server; omit to serve no realtime route. */
  realtime?: () => Promise<Realtime>;
  /** A request's client address (per-client realtime caps); default: the peer. */
  clientOf?: ClientOf;
  /** More routes. */
  extraRoutes?: PluginRoute[];
}

/**
 * Creates the `supabase-local` plugin. Auth settings come from
 * `supabase/config.toml` (`[auth]`, `[auth.email]`), then the options.
 */
export function supabaseLocal(options: SupabaseLocalOptions): Plugin {
  const factory = async () => {
    const toml = await readAuthConfig();
    return createAuthHandler({
      ...toml,
      siteUrl: options.siteUrl ?? options.publicUrl,
      redirectAllowList: [
        ...(toml.redirectAllowList ?? []),
        `${options.publicUrl}/**`,
      ],
      externalUrl: `${options.publicUrl}/auth/v1`,
      jwtSecret: options.jwtSecret,
      apiKeys: options.apiKeys,
      ...options.auth,
      db: options.db,
      mailer: options.mailer,
    });
  };
  return {
    name: "supabase-local",
    routes: [
      ...authRoutes(factory),
      ...(options.realtime
        ? realtimeRoutes(options.realtime, options.clientOf)
        : []),
      ...(options.extraRoutes ?? []),
    ],
    middlewares: options.mailbox ? [mailMiddleware(options.mailbox)] : [],
  };
}
