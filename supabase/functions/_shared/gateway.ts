/**
 * The payments gateway port and its Stripe implementation (stripe npm,
 * fetch-based under Deno). Shared by the Edge Functions and the app
 * (re-exported from `lib/payments/`); imports only versioned `npm:`
 * specifiers so `supabase functions deploy` can bundle it (ADR 0010).
 *
 * @module
 */
import Stripe from "npm:stripe@23.1.0";

/** What to charge in one Checkout Session. */
export interface CheckoutRequest {
  /** Booking reference (`client_reference_id`, `metadata.booking_reference`). */
  reference: string;
  kind: "deposit" | "balance";
  amountCents: number;
  /** Line item name the customer sees. */
  description: string;
  customerEmail: string;
  successUrl: string;
  cancelUrl: string;
  /** When Stripe expires the session (≥ 30 minutes after creation). */
  expiresAt: Date;
}

/** A created Checkout Session. */
export interface CheckoutSession {
  id: string;
  url: string;
}

/** A refund of (part of) a card payment. */
export interface RefundRequest {
  /** The Stripe PaymentIntent the money came in with. */
  paymentIntent: string;
  /** Omit for the whole remaining amount. */
  amountCents?: number;
  /** One per business action (e.g. per booking), so retries refund once. */
  idempotencyKey: string;
  reference: string;
}

/** A refund as Stripe answered it. */
export interface Refund {
  id: string;
  status: string;
  amountCents: number;
}

/**
 * One movement of the provider's balance: money taken for a charge, or
 * given back by a refund (Stripe's balance transactions).
 */
export interface BalanceTransaction {
  id: string;
  kind: "charge" | "refund" | "other";
  /** Gross cents: positive for a charge, negative for a refund. */
  amountCents: number;
  /** The provider's fee (cents, ≥ 0 for charges). */
  feeCents: number;
  /** What reaches the bank account: amount minus fee. */
  netCents: number;
  created: Date;
  /** The PaymentIntent the money belongs to, when known. */
  paymentIntent: string | null;
  /** The charge: itself for a charge, the refunded one for a refund. */
  chargeId: string | null;
}

/** Most balance transactions one listing returns (a page covers ≤ 92 days). */
export const MAX_BALANCE_TRANSACTIONS = 5000;

/** Card payments, whatever the provider. */
export interface PaymentsGateway {
  createCheckoutSession(request: CheckoutRequest): Promise<CheckoutSession>;
  refund(request: RefundRequest): Promise<Refund>;
  /**
   * The balance transactions created in `[from, to)`, oldest first, at
   * most {@link MAX_BALANCE_TRANSACTIONS} (`truncated` says when more exist).
   */
  listBalanceTransactions(
    range: { from: Date; to: Date },
  ): Promise<{ lines: BalanceTransaction[]; truncated: boolean }>;
}

/** The provider could not be reached or failed on its side: retry later. */
export class PaymentsUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PaymentsUnavailableError";
  }
}

/** Settings of {@link createStripeGateway}. */
export interface StripeGatewayOptions {
  secretKey: string;
  /** Scheme, host and port of the API (e.g. a local double); null = Stripe's. */
  apiBase?: string | null;
  /** Request timeout (ms). */
  timeoutMs?: number;
}

/** A stripe client for `options` (also used to verify webhook signatures). */
export function stripeClient(options: StripeGatewayOptions): Stripe {
  const base = options.apiBase ? new URL(options.apiBase) : null;
  return new Stripe(options.secretKey, {
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 1,
    timeout: options.timeoutMs ?? 10_000,
    telemetry: false,
    ...(base
      ? {
        protocol: base.protocol === "http:" ? "http" : "https",
        host: base.hostname,
        port: base.port || (base.protocol === "http:" ? 80 : 443),
      }
      : {}),
  });
}

const UNAVAILABLE = new Set([
  "StripeConnectionError",
  "StripeAPIError",
  "StripeRateLimitError",
]);

function mapError(err: unknown): never {
  const e = err as { type?: string; statusCode?: number; message?: string };
  if (
    (e.type && UNAVAILABLE.has(e.type)) ||
    (typeof e.statusCode === "number" && e.statusCode >= 500)
  ) {
    throw new PaymentsUnavailableError(
      `Stripe unavailable: ${e.message ?? e.type}`,
      { cause: err },
    );
  }
  throw err;
}

/** The Stripe implementation of {@link PaymentsGateway}. */
export function createStripeGateway(
  options: StripeGatewayOptions,
): PaymentsGateway {
  const stripe = stripeClient(options);
  return {
    async createCheckoutSession(r) {
      const metadata = { booking_reference: r.reference, kind: r.kind };
      try {
        const s = await stripe.checkout.sessions.create({
          mode: "payment",
          client_reference_id: r.reference,
          metadata,
          payment_intent_data: { metadata },
          customer_email: r.customerEmail,
          line_items: [{
            quantity: 1,
            price_data: {
              currency: "usd",
              unit_amount: r.amountCents,
              product_data: { name: r.description },
            },
          }],
          success_url: r.successUrl,
          cancel_url: r.cancelUrl,
          expires_at: Math.floor(r.expiresAt.getTime() / 1000),
        });
        if (!s.url) throw new Error("Stripe returned a session without a url");
        return { id: s.id, url: s.url };
      } catch (err) {
        mapError(err);
      }
    },
    async refund(r) {
      try {
        const refund = await stripe.refunds.create({
          payment_intent: r.paymentIntent,
          ...(r.amountCents ? { amount: r.amountCents } : {}),
          metadata: { booking_reference: r.reference },
        }, { idempotencyKey: r.idempotencyKey });
        return {
          id: refund.id,
          status: refund.status ?? "pending",
          amountCents: refund.amount,
        };
      } catch (err) {
        mapError(err);
      }
    },
    async listBalanceTransactions(range) {
      const lines: BalanceTransaction[] = [];
      try {
        // Auto-pagination follows `has_more` with `starting_after`.
        for await (
          const bt of stripe.balanceTransactions.list({
            created: {
              gte: Math.floor(range.from.getTime() / 1000),
              lt: Math.floor(range.to.getTime() / 1000),
            },
            limit: 100,
            expand: ["data.source"],
          })
        ) {
          if (lines.length === MAX_BALANCE_TRANSACTIONS) {
            return { lines: lines.reverse(), truncated: true };
          }
          lines.push(balanceLine(bt));
        }
      } catch (err) {
        mapError(err);
      }
      // Stripe lists newest first.
      return { lines: lines.reverse(), truncated: false };
    },
  };
}

function idOf(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (
    v && typeof v === "object" && typeof (v as { id?: unknown }).id === "string"
  ) {
    return (v as { id: string }).id;
  }
  return null;
}

/** Our view of one Stripe balance transaction (its `source` expanded). */
export function balanceLine(bt: Stripe.BalanceTransaction): BalanceTransaction {
  const source = (bt.source ?? null) as
    | {
      id?: string;
      object?: string;
      charge?: unknown;
      payment_intent?: unknown;
    }
    | string
    | null;
  const src = typeof source === "object" && source !== null ? source : null;
  const kind = bt.type === "charge" || bt.type === "payment"
    ? "charge"
    : bt.type === "refund" || bt.type === "payment_refund"
    ? "refund"
    : "other";
  return {
    id: bt.id,
    kind,
    amountCents: bt.amount,
    feeCents: bt.fee,
    netCents: bt.net,
    created: new Date(bt.created * 1000),
    paymentIntent: idOf(src?.payment_intent),
    chargeId: kind === "charge"
      ? idOf(source)
      : kind === "refund"
      ? idOf(src?.charge)
      : null,
  };
}
