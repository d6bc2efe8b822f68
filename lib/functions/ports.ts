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
import type { AssistantPorts } from "../../supabase/functions/_shared/assistant.ts";
import { assistantEngine } from "../assistant/service.ts";
import { configuredModelPlanner } from "../assistant/model_planner.ts";
import type { InsightsPorts } from "../../supabase/functions/_shared/insights.ts";
import { verifyAccessToken } from "../auth/verify.ts";
import { computeInsights } from "../insights/service.ts";
import { StaffError } from "../staff/errors.ts";
import { ERROR_CODES } from "../http/errors.ts";

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

/** Rate-limit bucket of the assistant function (`RATE_LIMITS` `assistant=…`). */
export const ASSISTANT_BUCKET = "assistant";

/**
 * Ports of the `assistant` function on `parts`: service-role transactions,
 * the clock, the limiter's `assistant` bucket and the offline engine with
 * its tools on the app's services (ADR 0025).
 */
export function assistantPorts(parts: AppParts): AssistantPorts {
  return {
    transact: (fn) => privileged(parts.db, fn),
    clock: parts.clock,
    log: (level, msg, fields = {}) => log(level, { msg, ...fields }),
    engine: assistantEngine({
      db: parts.db,
      availabilityCache: parts.availabilityCache,
      planner: parts.config.ai
        ? configuredModelPlanner(parts.config.ai, (error) =>
          log("warn", {
            msg: "assistant model unavailable; offline engine answers",
            error: error instanceof Error ? error.message : String(error),
          }))
        : undefined,
    }),
    allow: (client) => parts.limiter.check(ASSISTANT_BUCKET, client),
  };
}

/**
 * Ports of the `insights` function on `parts`: the caller's access token is
 * verified with the project's secret and the insights are computed under
 * its claims (an API key or a token without a user is 401).
 */
export function insightsPorts(parts: AppParts): InsightsPorts {
  return {
    log: (level, msg, fields = {}) => log(level, { msg, ...fields }),
    insights: async (token, query) => {
      const claims = await verifyAccessToken(token, parts.supabase.jwtSecret, {
        now: parts.clock(),
      });
      if (!claims || claims.role !== "authenticated" || !claims.sub) {
        throw new StaffError(
          401,
          ERROR_CODES.UNAUTHORIZED,
          "Sign in as staff.",
        );
      }
      return await computeInsights(parts.db, claims, query, parts.clock());
    },
  };
}
