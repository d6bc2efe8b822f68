/**
 * The composition root: the one place that builds an app instance from its
 * parts and wires them together. `main.ts` and `dev.ts` call
 * {@link bootApp}; tests call {@link createParts} / {@link createApp} with
 * their own database, clock and mailer, several apps in one process.
 *
 * Only this module imports `local/` (the embedded Supabase stand-ins) and
 * decides between development conveniences and the production path.
 *
 * @module
 */
import { AccessTokenVerifier } from "./lib/auth/verify.ts";
import { PageCache } from "./lib/http/page_cache.ts";
import { gzipResponse } from "./lib/http/content_encoding.ts";
import { STATIC_PAGES } from "./lib/site/static_pages.ts";
import { LoopLagMonitor } from "./lib/metrics/runtime.ts";
import type { FreshConfig, Plugin } from "$fresh/server.ts";
import freshConfig from "./fresh.config.ts";
import type {
  AppParts,
  AppState,
  Clock,
  OutboxTrigger,
  SupabaseConnection,
} from "./lib/app/parts.ts";
import type { AppConfig } from "./lib/config/mod.ts";
import { type Db, openConfiguredDb } from "./lib/db/mod.ts";
import { productionMailer } from "./lib/mail/mod.ts";
import type { Mailer } from "./lib/mail/types.ts";
import { RateLimiter } from "./lib/rate_limit/limiter.ts";
import { AvailabilityCache } from "./lib/availability/service.ts";
import { SiteCatalogCache } from "./lib/pricing/marketing.ts";
import { loginThrottleFor } from "./lib/staff/login.ts";
import { deactivatedStaff } from "./lib/staff/directory.ts";
import { clientIp } from "./lib/http/route.ts";
import {
  observeAnswer,
  observeRequest,
  responseHeaders,
} from "./lib/observability/middleware.ts";
import { REQUEST_ID_HEADER } from "./lib/observability/request_id.ts";
import {
  contentSecurityPolicy,
  supabaseConnectSources,
} from "./lib/observability/security_headers.ts";
import { recordHttpRequest } from "./lib/metrics/mod.ts";
import { type JobScheduler, startJobs } from "./lib/jobs/mod.ts";
import { startOutboxWorker } from "./lib/notifications/worker.ts";
import {
  createStripeGateway,
  type PaymentsGateway,
} from "./lib/payments/mod.ts";
import { functionsRoutes, verifyJwtSettings } from "./lib/functions/gateway.ts";
import {
  assistantPorts,
  functionPorts,
  insightsPorts,
} from "./lib/functions/ports.ts";
import { log, setLogLevel } from "./lib/observability/log.ts";
import { listeningOrigin, PublicOrigin } from "./lib/links/mod.ts";
import type {
  FunctionHandler,
  FunctionPorts,
} from "./supabase/functions/_shared/ports.ts";
import { createHandler as paymentsFunction } from "./supabase/functions/payments/index.ts";
import { createHandler as stripeWebhookFunction } from "./supabase/functions/stripe-webhook/index.ts";
import { createHandler as assistantFunction } from "./supabase/functions/assistant/index.ts";
import { createHandler as insightsFunction } from "./supabase/functions/insights/index.ts";
import { Mailbox } from "./local/mail/mailbox.ts";
import { DevSms } from "./local/sms/dev_sms.ts";
import { TwilioSms } from "./lib/sms/twilio.ts";
import type { SmsSender } from "./lib/sms/types.ts";
import {
  DevCheckout,
  devCheckoutMiddleware,
} from "./local/checkout/dev_checkout.ts";
import { loadOrCreateLocalSecrets, signApiKey } from "./local/secrets.ts";
import { FunnelCounter } from "./lib/analytics/funnel.ts";

/** How often the funnel's buffered quote and hold counts are written (ADR 0039). */
const FUNNEL_FLUSH_MS = 5_000;

/** Parts a caller may supply instead of the configured defaults. */
export interface PartOverrides {
  db?: Db;
  clock?: Clock;
  mailer?: Mailer;
  /** The dev mailbox (development only); default a new one. */
  mailbox?: Mailbox;
  /** Public origin; default `PUBLIC_URL`, else the origin the server listens on. */
  publicUrl?: string;
  /** Card payments; default Stripe when `STRIPE_SECRET_KEY` is set. */
  payments?: PaymentsGateway | null;
  /** SMS; default Twilio when `TWILIO_ACCOUNT_SID` is set (dev: the mailbox). */
  sms?: SmsSender | null;
}

/** Parts plus what only the root needs: the dev mailbox and shutdown. */
export interface BuiltParts extends AppParts {
  /** Dev mailbox, served at `/_dev/mailbox` in development; null otherwise. */
  mailbox: Mailbox | null;
  /** Dev checkout (development without Stripe keys); null otherwise. */
  devCheckout: DevCheckout | null;
  /** The outbox trigger background work attaches to. */
  outbox: OutboxTrigger & { attach(target: OutboxTrigger | null): void };
}

/**
 * The Supabase the app talks to: the configured project, or its own embedded
 * stand-ins with the configured secret (keys signed with it when not given)
 * or, by default, the install's own generated secrets (local/secrets.ts).
 */
export async function supabaseConnection(
  config: AppConfig,
  publicUrl: string | PublicOrigin,
  now: Date,
): Promise<SupabaseConnection> {
  const embedded = (c: Omit<SupabaseConnection, "url">): SupabaseConnection =>
    typeof publicUrl === "string"
      ? { ...c, url: publicUrl }
      : Object.defineProperty(
        c,
        "url",
        { get: () => publicUrl.origin, enumerable: true },
      ) as SupabaseConnection;
  const s = config.supabase;
  if (s.url) {
    return {
      url: s.url,
      anonKey: s.anonKey ?? "",
      serviceRoleKey: s.serviceRoleKey ?? "",
      jwtSecret: s.jwtSecret ?? "",
      embedded: false,
    };
  }
  if (s.jwtSecret) {
    return embedded({
      anonKey: s.anonKey ?? await signApiKey("anon", s.jwtSecret, now),
      serviceRoleKey: s.serviceRoleKey ??
        await signApiKey("service_role", s.jwtSecret, now),
      jwtSecret: s.jwtSecret,
      embedded: true,
    });
  }
  const generated = await loadOrCreateLocalSecrets(config.dataDir, now);
  return embedded({ ...generated, embedded: true });
}

/** A trigger whose target (the outbox worker) is attached once it runs. */
function outboxTrigger(): BuiltParts["outbox"] {
  let target: OutboxTrigger | null = null;
  return {
    wake: () => target?.wake(),
    attach: (next) => {
      target = next;
    },
  };
}

/** Builds the parts of an app from its configuration (and overrides). */
export async function createParts(
  config: AppConfig,
  overrides: PartOverrides = {},
): Promise<BuiltParts> {
  setLogLevel(config.logLevel);
  // Links follow PUBLIC_URL, else the origin the server really listens on
  // (createApp's onListen tells it), so any port gives working links.
  const publicOrigin = new PublicOrigin(
    overrides.publicUrl ?? config.publicUrl,
    config.port,
  );
  const db = overrides.db ?? await openConfiguredDb(config);
  const development = config.profile === "development";
  const clock = overrides.clock ?? (() => new Date());
  const supabase = await supabaseConnection(config, publicOrigin, clock());
  // The dev mailbox stands in for SMTP only in development; production
  // without SMTP keeps mail in the outbox (it retries) instead of a page.
  const mailbox = development ? overrides.mailbox ?? new Mailbox() : null;
  // Development without Stripe keys: the dev checkout stands in for Stripe
  // Checkout and signs its events with its own webhook secret.
  const devCheckout = development && !config.stripe.secretKey &&
      overrides.payments === undefined
    ? new DevCheckout(() => publicOrigin.origin, clock)
    : null;
  if (devCheckout) {
    config = {
      ...config,
      stripe: { ...config.stripe, webhookSecret: devCheckout.webhookSecret },
    };
  }
  // SMS through Twilio when configured; in development without keys each
  // SMS lands in the dev mailbox; production without keys sends none.
  const t = config.twilio;
  const sms = overrides.sms !== undefined
    ? overrides.sms
    : t.accountSid && t.authToken && t.from
    ? new TwilioSms({
      accountSid: t.accountSid,
      authToken: t.authToken,
      from: t.from,
      apiBase: t.apiBase,
      statusCallback: () => `${publicOrigin.origin}/api/sms/status`,
    })
    : mailbox
    ? new DevSms(mailbox)
    : null;
  const mailer = overrides.mailer ??
    (config.smtpUrl || !mailbox
      ? productionMailer({ smtpUrl: config.smtpUrl, from: config.smtpFrom })
      : mailbox);
  const security = securityHeaders(publicOrigin.origin, supabase);
  return {
    config,
    db,
    clock,
    mailer,
    mailbox,
    limiter: new RateLimiter(config.rateLimits),
    loginThrottle: loginThrottleFor(config.rateLimits),
    supabase,
    accessTokens: new AccessTokenVerifier(supabase.jwtSecret),
    publicOrigin,
    get publicUrl() {
      return publicOrigin.origin;
    },
    availabilityCache: new AvailabilityCache(config.availabilityCacheMs),
    catalog: new SiteCatalogCache(db, {
      // Seeded demo reviews never reach a production page (ADR 0035).
      includeDemoReviews: config.profile !== "production",
    }),
    outbox: outboxTrigger(),
    loopLag: new LoopLagMonitor(),
    // The security headers are the same for every answer of this
    // instance: stored with each page, so a hit adds only its request id.
    pages: new PageCache({
      paths: STATIC_PAGES,
      headers: Object.entries(responseHeaders("", security))
        .filter(([name]) => name !== REQUEST_ID_HEADER),
    }),
    funnel: new FunnelCounter(db, clock),
    devCheckout,
    sms,
    payments: overrides.payments !== undefined
      ? overrides.payments
      : devCheckout
      ? devCheckout
      : config.stripe.secretKey
      ? createStripeGateway({
        secretKey: config.stripe.secretKey,
        apiBase: config.stripe.apiBase,
      })
      : null,
  };
}

/**
 * The security header options of an instance: HSTS when its public origin
 * is https, and a CSP that lets the browser reach a real Supabase project.
 */
function securityHeaders(
  publicUrl: string,
  supabase: SupabaseConnection,
): { hsts: boolean; csp: string | undefined } {
  return {
    hsts: publicUrl.startsWith("https://"),
    csp: supabase.embedded
      ? undefined
      : contentSecurityPolicy(supabaseConnectSources(supabase.url)),
  };
}

/**
 * Page-cache hits, answered before routing (the framework's `preRoute`):
 * a GET or HEAD whose path is exactly a stored page of the current catalog
 * version gets the stored bytes and precomputed headers (security headers
 * included) plus its request id, with the same access log line and request
 * metrics (by the route pattern that rendered the page) as any request.
 * Skipping the router's per-request context and the middleware chain is
 * most of what a hit used to cost (ADR 0049). Anything else, misses
 * included, goes on to the router and {@link appPlugin}.
 */
function pageHits(parts: AppParts): (req: Request) => Response | null {
  const pages = parts.pages;
  return (req) => {
    const page = pages.storedFor(req, parts.catalog.version());
    if (!page) return null;
    return observeAnswer(
      req,
      page.path,
      (id) => pages.respond(req, page, [[REQUEST_ID_HEADER, id]]),
      (status, seconds) =>
        recordHttpRequest(
          req.method,
          page.route || "unmatched",
          status,
          seconds,
        ),
    );
  };
}

/**
 * The app's own plugin: puts the parts on `ctx.state.app` for every request,
 * then the observability layer (request id, security headers, access log,
 * request metrics by route pattern).
 */
function appPlugin(parts: AppParts): Plugin<AppState> {
  const { hsts, csp } = securityHeaders(parts.publicUrl, parts.supabase);
  return {
    name: "myhibachi-app",
    middlewares: [{
      path: "/",
      middleware: {
        handler: (req, ctx) => {
          ctx.state.app = parts;
          const url = ctx.url;
          const observe = {
            hsts,
            csp,
            url,
            onFinish: (status: number, seconds: number) =>
              recordHttpRequest(
                req.method,
                ctx.route || "unmatched",
                status,
                seconds,
              ),
          };
          // Pages rendered per request leave gzipped when the client takes
          // it (Deno.serve does not compress); cached pages carry their own.
          const gzipped = (response: Promise<Response>) =>
            response.then((res) => gzipResponse(req, res));
          const pages = parts.pages;
          if (pages.covers(req.method, url)) {
            const version = parts.catalog.version();
            const page = pages.stored(url.pathname, version);
            // A hit that `pageHits` left to the router (a path it
            // normalised, e.g. `//`): stored bytes and headers.
            if (page) {
              return observeRequest(
                req,
                ctx.state,
                (id) => pages.respond(req, page, [[REQUEST_ID_HEADER, id]]),
                { ...observe, headersIncluded: true },
              );
            }
            return gzipped(observeRequest(
              req,
              ctx.state,
              () =>
                pages.serve(req, version, () => ctx.next(), {
                  path: url.pathname,
                  route: ctx.route,
                }),
              observe,
            ));
          }
          if (
            req.method !== "GET" && req.method !== "HEAD" &&
            CATALOG_WRITES.test(url.pathname)
          ) {
            // This instance's own catalog edits drop its quote snapshot
            // before the answer leaves, so the editor's next quote shows
            // them; other instances hear the NOTIFY.
            return gzipped(observeRequest(req, ctx.state, async () => {
              try {
                return await ctx.next();
              } finally {
                parts.catalog.invalidate();
              }
            }, observe));
          }
          return gzipped(
            observeRequest(req, ctx.state, () => ctx.next(), observe),
          );
        },
      },
    }],
  };
}

/**
 * Where staff edit what the catalog snapshot holds (settings, menu,
 * locations; an accepted insights suggestion is a settings change) and the
 * capacity it keeps (chefs, their weekdays and time off: ADR 0056).
 */
const CATALOG_WRITES =
  /^\/(?:api\/staff\/(?:settings|menu-items|locations|chefs|members|time-off|me\/(?:weekdays|time-off))|admin\/(?:settings|insights|staff|calendar|me))(?:\/|$)/;

/** The embedded Supabase stand-ins, when no real Supabase is configured. */
async function embeddedSupabase(parts: BuiltParts): Promise<Plugin[]> {
  if (!parts.supabase.embedded) return [];
  const { supabaseLocal } = await import("./local/plugin.ts");
  const { createRealtime } = await import("./local/realtime/server.ts");
  return [supabaseLocal({
    db: parts.db,
    mailer: parts.mailer,
    mailbox: parts.mailbox ?? undefined,
    // Read when the stand-ins first serve, after the server listens.
    get publicUrl() {
      return parts.publicUrl;
    },
    siteUrl: parts.config.authSiteUrl ?? undefined,
    jwtSecret: parts.supabase.jwtSecret,
    apiKeys: [parts.supabase.anonKey, parts.supabase.serviceRoleKey],
    clientOf: (req, conn) => clientIp(req, conn, parts.config.trustProxy),
    // Production: no auth redirects to loopback or plain-http twins of the
    // site, and sign-in requests do not tell which addresses are staff
    // (ADR 0016); development keeps GoTrue's answers.
    // Staff are invited (admin API), so production takes no public sign-ups.
    auth: {
      allowLoopbackRedirects: parts.config.profile === "development",
      hideUnknownEmails: parts.config.profile === "production",
      ...(parts.config.profile === "production" ? { disableSignup: true } : {}),
      onMailError: (error) =>
        log("error", {
          msg: "auth mail failed",
          error: error instanceof Error ? error.message : String(error),
        }),
    },
    realtime: () => {
      const realtime = createRealtime({
        db: parts.db,
        jwtSecret: parts.supabase.jwtSecret,
        apiKeys: [parts.supabase.anonKey, parts.supabase.serviceRoleKey],
        maxSocketsPerClient: parts.config.realtime.maxSocketsPerClient,
        maxChannelsPerClient: parts.config.realtime.maxChannelsPerClient,
        sessionCheckMs: parts.config.realtime.sessionCheckMs,
        refusedUsers: (ids) => deactivatedStaff(parts.db.sql, ids),
        onError: (error) =>
          log("error", {
            msg: "realtime",
            error: error instanceof Error ? error.message : String(error),
          }),
      });
      return Promise.resolve(realtime);
    },
  })];
}

/** `verify_jwt` per function, from supabase/config.toml (default true). */
async function functionJwtSettings(): Promise<Record<string, boolean>> {
  try {
    return verifyJwtSettings(
      await Deno.readTextFile(
        new URL("./supabase/config.toml", import.meta.url),
      ),
    );
  } catch {
    return {};
  }
}

/**
 * The embedded Edge Functions gateway: `supabase/functions/<name>` modules
 * at `/functions/v1/<name>` (ADR 0010), on the app's parts.
 */
async function edgeFunctions(parts: BuiltParts): Promise<Plugin> {
  const ports = functionPorts(parts);
  const jwt = await functionJwtSettings();
  const fn = (
    name: string,
    handler: (p: FunctionPorts) => FunctionHandler,
  ) => ({
    handler: handler(ports),
    verifyJwt: jwt[name] ?? true,
  });
  const functions = {
    payments: fn("payments", paymentsFunction),
    "stripe-webhook": fn("stripe-webhook", stripeWebhookFunction),
    assistant: {
      handler: assistantFunction(assistantPorts(parts)),
      verifyJwt: jwt.assistant ?? true,
    },
    insights: {
      handler: insightsFunction(insightsPorts(parts)),
      verifyJwt: jwt.insights ?? true,
    },
  };
  parts.devCheckout?.attachWebhook(functions["stripe-webhook"].handler);
  return {
    name: "edge-functions",
    middlewares: parts.devCheckout
      ? [devCheckoutMiddleware(parts.devCheckout)]
      : [],
    routes: functionsRoutes({
      functions,
      jwtSecret: parts.supabase.jwtSecret,
      now: parts.clock,
      clientIp: (req, conn) => clientIp(req, conn, parts.config.trustProxy),
      onError: (name, error) =>
        log("error", {
          msg: "edge function failed",
          function: name,
          error: error instanceof Error ? error.message : String(error),
        }),
    }),
  };
}

/** The Fresh configuration of an app built from `parts`. */
export async function createApp(parts: BuiltParts): Promise<FreshConfig> {
  return {
    ...freshConfig,
    plugins: [
      appPlugin(parts) as unknown as Plugin,
      ...(freshConfig.plugins ?? []),
      await edgeFunctions(parts),
      ...(await embeddedSupabase(parts)),
    ],
    preRoute: pageHits(parts),
    server: {
      ...freshConfig.server,
      port: parts.config.port,
      onListen: (addr: Deno.NetAddr) => {
        parts.publicOrigin.listening(addr);
        log("info", {
          msg: "listening",
          origin: listeningOrigin(addr),
          publicUrl: parts.publicUrl,
        });
      },
    },
    // The production profile never runs the framework's development mode
    // (error overlay, code frames), even when started through dev.ts.
    ...(parts.config.profile === "production" ? { dev: false } : {}),
  };
}

/** Background work of one instance. */
export interface Background {
  /** Stops timers and waits for running work. */
  stop(): Promise<void>;
}

/**
 * Starts the instance's background work: the marketing catalog's LISTEN
 * (reloads on every settings/menu change, ADR 0023), then, unless
 * `JOBS=off`, unpaid-booking expiry, hold cleanup, due settings versions and
 * the notification outbox worker (woken right after a booking).
 */
export function startBackground(parts: BuiltParts): Background {
  parts.loopLag.start();
  void parts.catalog.load();
  const watching = parts.catalog.watch().catch((err) => {
    log("warn", {
      msg: "site catalog: cannot listen for changes",
      error: err instanceof Error ? err.message : String(err),
    });
    return async () => {};
  });
  // The funnel counts are the app's own, not a job's: written whether or
  // not jobs run, and once more on the way down.
  const flushFunnel = () =>
    parts.funnel.flush().catch((err) =>
      log("warn", {
        msg: "analytics funnel: counts not written yet (kept for the next try)",
        error: err instanceof Error ? err.message : String(err),
      })
    );
  const funnelTimer = setInterval(flushFunnel, FUNNEL_FLUSH_MS);
  // What runs whether or not jobs do: the loop-lag sampler, the catalog's
  // change listener and the funnel flush.
  const stopAlwaysOn = async () => {
    parts.loopLag.stop();
    clearInterval(funnelTimer);
    await (await watching)();
    await flushFunnel();
  };
  if (!parts.config.jobs) return { stop: stopAlwaysOn };
  const jobs: JobScheduler = startJobs({
    db: parts.db,
    now: parts.clock,
    slots: parts.availabilityCache,
    payments: parts.payments,
    outbox: parts.outbox,
    intervalMs: parts.config.jobsIntervalMs,
  });
  const outbox = startOutboxWorker({
    db: parts.db,
    mailer: parts.mailer,
    sms: parts.sms,
    // Read on every pass: the listening origin is known only once serving.
    get baseUrl() {
      return parts.publicUrl;
    },
    now: parts.clock,
    intervalMs: parts.config.outboxIntervalMs,
  });
  parts.outbox.attach(outbox);
  return {
    async stop() {
      parts.outbox.attach(null);
      await Promise.all([jobs.stop(), outbox.stop(), stopAlwaysOn()]);
    },
  };
}

/** A booted instance: its parts, Fresh configuration and background work. */
export interface BootedApp {
  parts: BuiltParts;
  freshConfig: FreshConfig;
  background: Background;
  /**
   * Stops the instance after its server has stopped taking requests: the
   * background work first (a job mid-run finishes its transaction), then the
   * database. Calling it again returns the same promise.
   */
  stop(): Promise<void>;
}

/** Builds the parts from `config`, the Fresh configuration and the background work. */
export async function bootApp(config: AppConfig): Promise<BootedApp> {
  const parts = await createParts(config);
  const freshConfig = await createApp(parts);
  const background = startBackground(parts);
  let stopping: Promise<void> | null = null;
  const stop = () =>
    stopping ??= (async () => {
      await background.stop();
      await parts.db.close();
    })();
  return { parts, freshConfig, background, stop };
}

/**
 * Stops a serving instance gracefully: the requests in flight first (Deno's
 * graceful shutdown also ends open WebSockets with 1001, so an open staff
 * tab does not hold it), then the background work and the database.
 */
export async function stopServing(
  server: { shutdown(): Promise<void> },
  instance: Pick<BootedApp, "stop">,
): Promise<void> {
  await server.shutdown();
  await instance.stop();
}
