/**
 * The ports the Edge Functions run on, built from an app's parts (the
 * deployed functions build theirs from their environment,
 * `supabase/functions/_shared/env.ts`).
 *
 * @module
 */
import type { AppParts } from "../app/parts.ts";
import { privileged } from "../db/mod.ts";
import { log } from "../observability/log.ts";
import type { FunctionPorts } from "../../supabase/functions/_shared/ports.ts";

export type {
  FunctionHandler,
  FunctionPorts,
} from "../../supabase/functions/_shared/ports.ts";

/** Ports on `parts`: service-role transactions, clock, Stripe, public URL, log. */
export function functionPorts(parts: AppParts): FunctionPorts {
  return {
    transact: (fn) => privileged(parts.db, fn),
    clock: parts.clock,
    payments: parts.payments,
    // Read per use: without PUBLIC_URL it is the origin the server listens on.
    get publicUrl() {
      return parts.publicUrl;
    },
    stripeWebhookSecret: parts.config.stripe.webhookSecret,
    log: (level, msg, fields = {}) => log(level, { msg, ...fields }),
  };
}
