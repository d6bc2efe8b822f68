/**
 * What an Edge Function handler runs on. The embedded gateway builds these
 * from the app's parts; `supabase functions serve`/deploy builds them from
 * the function's environment (`env.ts`). Handlers read no environment.
 *
 * @module
 */
import type { TransactionSql } from "npm:postgres@3.4.9";
import type { PaymentsGateway } from "./gateway.ts";

/** Runs `fn` in one transaction as `service_role`; commits when it returns. */
export type ServiceTransaction = <T>(
  fn: (tx: TransactionSql) => Promise<T>,
) => Promise<T>;

/** One structured log line. */
export type FunctionLog = (
  level: "info" | "warn" | "error",
  msg: string,
  fields?: Record<string, unknown>,
) => void;

/** The ports of the payment functions. */
export interface FunctionPorts {
  transact: ServiceTransaction;
  clock: () => Date;
  /** Null when Stripe is not configured. */
  payments: PaymentsGateway | null;
  /** Public origin of the site (manage links), no trailing slash. */
  publicUrl: string;
  /** Signing secret of the webhook endpoint; null = not configured. */
  stripeWebhookSecret: string | null;
  log: FunctionLog;
}

/** A function's request handler. */
export type FunctionHandler = (req: Request) => Promise<Response>;
