/**
 * Edge Function `stripe-webhook` (SPEC §5; `verify_jwt = false` in
 * supabase/config.toml: Stripe signs, it sends no JWT). The handler lives in
 * `_shared/` and takes its ports; the embedded gateway calls
 * {@link createHandler} with the app's parts.
 *
 * @module
 */
import { createStripeWebhookHandler } from "../_shared/stripe_webhook.ts";
import { portsFromEnv } from "../_shared/env.ts";

/** The function's handler on `ports`. */
export const createHandler = createStripeWebhookHandler;

if (import.meta.main) Deno.serve(createHandler(portsFromEnv()));
