/**
 * The `stripe-webhook` Edge Function (SPEC §5): verifies `Stripe-Signature`
 * (5-minute tolerance, WebCrypto through the stripe package's async helper),
 * stores each event id once and applies it in the same transaction, then
 * answers 200 `{received:true}` — only after the commit. A bad or old
 * signature is 400 with nothing written; an event for an unknown booking is
 * 200 with a warning in the log and nothing credited.
 *
 * @module
 */
import Stripe from "npm:stripe@23.1.0";
import type { TransactionSql } from "npm:postgres@3.4.9";
import { json, jsonError } from "./http.ts";
import type { FunctionHandler, FunctionPorts } from "./ports.ts";

/** Signature tolerance (seconds). */
export const SIGNATURE_TOLERANCE_S = 300;

// Verification needs no API key; the client is only a holder of `webhooks`.
const webhooks = Stripe.webhooks;
const crypto = Stripe.createSubtleCryptoProvider();

type StripeObject = Record<string, unknown> & {
  id?: string;
  metadata?: Record<string, string> | null;
};

function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

function referenceOf(o: StripeObject): string | null {
  return str(o.client_reference_id) ?? str(o.metadata?.booking_reference);
}

/** The amount an event reports (for reconciliation), null when none. */
function amountOf(type: string, o: StripeObject): number | null {
  const v = type === "charge.refunded"
    ? Number(o.amount_refunded)
    : type.startsWith("checkout.session.")
    ? Number(o.amount_total)
    : type.startsWith("refund.") || type === "charge.refund.updated"
    ? Number(o.amount)
    : Number.NaN;
  return Number.isInteger(v) && v >= 0 ? v : null;
}

/** What applying an event did (stored as `stripe_events.outcome`). */
type Outcome =
  | "credited"
  | "already_credited"
  | "refunded"
  | "refund_failed"
  | "expired"
  | "not_paid"
  | "ignored"
  | "unknown_booking";

async function apply(
  tx: TransactionSql,
  type: string,
  o: StripeObject,
  reference: string | null,
): Promise<Outcome> {
  switch (type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const amount = Number(o.amount_total);
      if (
        o.payment_status !== "paid" || !Number.isInteger(amount) || amount <= 0
      ) {
        return "not_paid";
      }
      const [r] = await tx<{ r: { replayed: boolean } | null }[]>`
        select app.stripe_record_payment(${reference}, ${amount}::int, ${
        String(o.id)
      }, ${str(o.payment_intent)}) as r`;
      if (!r?.r) return "unknown_booking";
      return r.r.replayed ? "already_credited" : "credited";
    }
    case "checkout.session.expired": {
      const [r] = await tx<{ s: string | null }[]>`
        select app.stripe_checkout_expired(${reference}) as s`;
      if (r?.s === null || r?.s === undefined) return "unknown_booking";
      return r.s === "expired" ? "expired" : "ignored";
    }
    case "charge.refunded": {
      const refunded = Number(o.amount_refunded);
      if (!Number.isInteger(refunded) || refunded <= 0) return "ignored";
      const [r] = await tx<{ r: { replayed: boolean } | null }[]>`
        select app.stripe_record_refund(${reference}, ${
        str(o.payment_intent)
      }, ${String(o.id)}, ${refunded}::int) as r`;
      if (!r?.r) return "unknown_booking";
      // The refunds we asked for (stripe_refunds) that this covers are done.
      const pi = str(o.payment_intent);
      if (pi) {
        await tx`select app.stripe_refunds_settled(${pi}, ${refunded}::int)`;
      }
      return r.r.replayed ? "ignored" : "refunded";
    }
    case "refund.failed":
    case "refund.updated":
    case "charge.refund.updated": {
      if (o.status !== "failed") return "ignored";
      const [r] = await tx<{ ref: string | null }[]>`
        select app.stripe_refund_failed(${String(o.id)}, ${
        str(o.payment_intent)
      }, ${str(o.failure_reason)}) as ref`;
      return r?.ref ? "refund_failed" : "unknown_booking";
    }
    default:
      return "ignored";
  }
}

/** The handler of the `stripe-webhook` function, on its ports. */
export function createStripeWebhookHandler(
  ports: FunctionPorts,
): FunctionHandler {
  return async (req) => {
    if (req.method !== "POST") {
      return jsonError(405, "METHOD_NOT_ALLOWED", "Use POST.", {
        allow: "POST",
      });
    }
    const secret = ports.stripeWebhookSecret;
    if (!secret) {
      return jsonError(
        503,
        "WEBHOOK_NOT_CONFIGURED",
        "STRIPE_WEBHOOK_SECRET is not set.",
      );
    }
    const signature = req.headers.get("stripe-signature");
    const payload = await req.text();
    if (!signature) {
      return jsonError(400, "BAD_SIGNATURE", "Stripe-Signature is missing.");
    }
    let event: { id: string; type: string; data: { object: StripeObject } };
    try {
      event = await webhooks.constructEventAsync(
        payload,
        signature,
        secret,
        SIGNATURE_TOLERANCE_S,
        crypto,
        ports.clock().getTime(),
      ) as unknown as typeof event;
    } catch (err) {
      ports.log("warn", "stripe webhook signature rejected", {
        error: (err as Error).message,
      });
      return jsonError(
        400,
        "BAD_SIGNATURE",
        "The Stripe-Signature does not verify.",
      );
    }
    const object = event.data?.object ?? {};
    const reference = referenceOf(object);
    const outcome = await ports.transact(async (tx) => {
      await tx`select set_config('app.actor', 'stripe', true)`;
      const [claim] = await tx<{ fresh: boolean }[]>`
        select app.stripe_claim_event(${event.id}, ${event.type}, ${reference}) as fresh`;
      if (!claim?.fresh) return "duplicate" as const;
      await tx`select app.stripe_event_details(${event.id}, ${
        str(object.id)
      }, ${amountOf(event.type, object)}::int)`;
      const result = await apply(tx, event.type, object, reference);
      await tx`select app.stripe_event_outcome(${event.id}, ${result})`;
      return result;
    });
    if (outcome === "refund_failed") {
      ports.log("error", "stripe refund failed: the refund due stays open", {
        alert: "stripe_refund_failed",
        eventId: event.id,
        refundId: object.id,
        reference,
      });
    } else if (outcome === "unknown_booking") {
      ports.log("warn", "stripe event for an unknown booking", {
        alert: "stripe_unknown_booking",
        eventId: event.id,
        type: event.type,
        reference,
      });
    } else {
      ports.log("info", "stripe event", {
        eventId: event.id,
        type: event.type,
        reference,
        outcome,
      });
    }
    return json(200, { received: true });
  };
}
