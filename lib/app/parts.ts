/**
 * The parts one app instance is built from, and the request state routes
 * receive them through. The composition root (`app.ts`) builds an
 * {@link AppParts}; a plugin middleware puts it on `ctx.state.app` for every
 * request, the Fresh way, so routes and services never reach for a
 * process-wide singleton and tests can run several apps in one process.
 *
 * @module
 */
import type { PageCache } from "../http/page_cache.ts";
import type { LoopLagMonitor } from "../metrics/runtime.ts";
import type { AppConfig } from "../config/mod.ts";
import type { Db } from "../db/mod.ts";
import type { Mailer } from "../mail/types.ts";
import type { RateLimiter } from "../rate_limit/limiter.ts";
import type { AvailabilityCache } from "../availability/service.ts";
import type { SiteCatalogCache } from "../pricing/marketing.ts";
import type { LoginThrottle } from "../staff/login.ts";
import type { PaymentsGateway } from "../payments/mod.ts";
import type { SmsSender } from "../sms/types.ts";
import type { PublicOrigin } from "../links/mod.ts";
import type { FunnelCounter } from "../analytics/funnel.ts";
import type { SupabaseConnection } from "../auth/connection.ts";
import type { AccessTokenVerifier } from "../auth/verify.ts";

export type { SupabaseConnection };

/** The clock: the current instant. Tests inject a fixed or fake one. */
export type Clock = () => Date;

/** Something that can be asked to send due mail soon. */
export interface OutboxTrigger {
  /** Runs the outbox now (or right after the current pass); no-op when jobs are off. */
  wake(): void;
}

/** Everything one app instance runs on. */
export interface AppParts {
  config: AppConfig;
  db: Db;
  clock: Clock;
  mailer: Mailer;
  limiter: RateLimiter;
  /** Staff sign-in throttle (per client and per e-mail address). */
  loginThrottle: LoginThrottle;
  supabase: SupabaseConnection;
  /** Verifies Staff API bearer tokens with `supabase.jwtSecret` (ADR 0052). */
  accessTokens: AccessTokenVerifier;
  /**
   * The public origin for links, mail and SEO (no trailing slash):
   * `PUBLIC_URL`, else the origin the server listens on (read it per use).
   */
  readonly publicUrl: string;
  /** Where {@link publicUrl} comes from; the server tells it where it listens. */
  publicOrigin: PublicOrigin;
  availabilityCache: AvailabilityCache;
  catalog: SiteCatalogCache;
  outbox: OutboxTrigger;
  /** Card payments (Stripe); null when `STRIPE_SECRET_KEY` is not set. */
  payments: PaymentsGateway | null;
  /**
   * SMS (ADR 0036): Twilio when configured, the dev mailbox in development;
   * null = no SMS, and the booking form offers no SMS opt-in.
   */
  sms: SmsSender | null;
  /** Event-loop lag of this instance (sampled while the background runs). */
  loopLag: LoopLagMonitor;
  /** The marketing pages, rendered once per catalog version. */
  pages: PageCache;
  /** Quote and hold counts of the analytics funnel, written in batches. */
  funnel: FunnelCounter;
}

/** What every request's `ctx.state` carries. */
export interface AppState {
  app: AppParts;
  /** Set by the observability middleware. */
  requestId: string;
}

/** The parts of the app serving this request. */
export function partsOf(ctx: { state: unknown }): AppParts {
  const app = (ctx.state as Partial<AppState>).app;
  if (!app) {
    throw new Error("ctx.state.app is missing: build the app with createApp()");
  }
  return app;
}
