/**
 * An app wired to the Stripe double for payment tests: the double's URL as
 * `STRIPE_API_BASE`, its refunds announced to the app's real `stripe-webhook`
 * (signed at the app's clock), and {@link StripeApp.hook} to deliver a
 * signed event as Stripe would.
 *
 * @module
 */
import assert from "node:assert/strict";
import { startApp, type TestApp } from "../support/app.ts";
import type { Clock } from "../support/clock.ts";
import {
  signedEvent,
  startStripeDouble,
  type StripeDouble,
} from "../support/stripe_double.ts";

/** A served app and its Stripe double. */
export interface StripeApp {
  app: TestApp;
  double: StripeDouble;
  /** Delivers `event` signed at `clock()`; asserts the webhook answered 200. */
  hook(event: Record<string, unknown>): Promise<void>;
  dispose(): Promise<void>;
}

/** Starts the double and a served app on `clock` that talks to it. */
export async function startStripeApp(
  clock: Clock,
  secret: string,
  env: Record<string, string | null> = {},
): Promise<StripeApp> {
  const double = startStripeDouble();
  double.clock = clock;
  const app = await startApp({
    serve: true,
    clock,
    env: {
      STRIPE_SECRET_KEY: "sk_test_double",
      STRIPE_WEBHOOK_SECRET: secret,
      STRIPE_API_BASE: double.url,
      RATE_LIMITS: "off",
      SUPABASE_URL: null,
      ...env,
    },
  });
  double.webhook = {
    url: `${app.url}/functions/v1/stripe-webhook`,
    secret,
    clock,
  };
  return {
    app,
    double,
    async hook(event) {
      const res = await fetch(
        `${app.url}/functions/v1/stripe-webhook`,
        await signedEvent(
          secret,
          event,
          Math.floor(clock().getTime() / 1000),
        ),
      );
      assert.equal(res.status, 200, await res.clone().text());
      await res.body?.cancel();
    },
    async dispose() {
      await app.dispose();
      await double.stop();
    },
  };
}
