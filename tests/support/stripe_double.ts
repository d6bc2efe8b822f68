/**
 * A local Stripe double for tests and demos: `Deno.serve` on 127.0.0.1:0
 * with the few endpoints the app's stripe client calls
 * (`POST /v1/checkout/sessions`, `POST /v1/refunds`). Point the app at it
 * with `STRIPE_API_BASE` = {@link StripeDouble.url}. It records what it was
 * sent and can play an outage. {@link signedEvent} builds webhook requests
 * signed with the stripe package's own test helper.
 *
 * @module
 */
import Stripe from "stripe";

/** A request the double received: path and its form fields (bracket keys). */
export interface RecordedRequest {
  path: string;
  fields: Record<string, string>;
  idempotencyKey: string | null;
}

/** A running double. */
export interface StripeDouble {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every API request, oldest first. */
  requests: RecordedRequest[];
  /** Answer every request with this status (e.g. 500, an outage); null = work. */
  failWith: number | null;
  stop(): Promise<void>;
}

let counter = 0;
function id(prefix: string): string {
  counter += 1;
  return `${prefix}_test_${Date.now().toString(36)}${counter}`;
}

function stripeError(status: number, message: string): Response {
  return Response.json({
    error: {
      type: status >= 500 ? "api_error" : "invalid_request_error",
      message,
    },
  }, { status });
}

/** Starts a double. */
export function startStripeDouble(): StripeDouble {
  const double: StripeDouble = {
    url: "",
    requests: [],
    failWith: null,
    stop: () => server.shutdown(),
  };
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req) => {
      const path = new URL(req.url).pathname;
      if (!req.headers.get("authorization")?.startsWith("Bearer sk_")) {
        return stripeError(401, "Invalid API Key provided");
      }
      const fields = Object.fromEntries(
        new URLSearchParams(await req.text()),
      );
      double.requests.push({
        path,
        fields,
        idempotencyKey: req.headers.get("idempotency-key"),
      });
      if (double.failWith) {
        return stripeError(double.failWith, "double is failing on purpose");
      }
      const metadata = {
        booking_reference: fields["metadata[booking_reference]"],
        kind: fields["metadata[kind]"],
      };
      if (req.method === "POST" && path === "/v1/checkout/sessions") {
        const sid = id("cs");
        const amount = Number(fields["line_items[0][price_data][unit_amount]"]);
        return Response.json({
          id: sid,
          object: "checkout.session",
          url: `${double.url}/pay/${sid}`,
          mode: fields.mode,
          status: "open",
          payment_status: "unpaid",
          amount_total: amount,
          currency: fields["line_items[0][price_data][currency]"],
          client_reference_id: fields.client_reference_id,
          customer_email: fields.customer_email,
          metadata,
          expires_at: Number(fields.expires_at),
          success_url: fields.success_url,
          cancel_url: fields.cancel_url,
          payment_intent: null,
        });
      }
      if (req.method === "POST" && path === "/v1/refunds") {
        return Response.json({
          id: id("re"),
          object: "refund",
          amount: Number(fields.amount ?? 0),
          payment_intent: fields.payment_intent,
          status: "succeeded",
          metadata,
        });
      }
      return stripeError(
        404,
        `Unrecognized request URL (${req.method} ${path})`,
      );
    },
  );
  double.url = `http://127.0.0.1:${server.addr.port}`;
  return double;
}

/** A Stripe event envelope around `object`. */
export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  eventId = id("evt"),
): Record<string, unknown> {
  return {
    id: eventId,
    object: "event",
    api_version: "2025-01-01",
    created: Math.floor(Date.now() / 1000),
    type,
    livemode: false,
    data: { object },
  };
}

/** A completed Checkout Session object for `reference`. */
export function completedSession(
  reference: string,
  amountCents: number,
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: id("cs"),
    object: "checkout.session",
    client_reference_id: reference,
    metadata: { booking_reference: reference, kind: "deposit" },
    amount_total: amountCents,
    payment_status: "paid",
    status: "complete",
    payment_intent: id("pi"),
    ...over,
  };
}

/**
 * A webhook request init: the JSON body and a `Stripe-Signature` made with
 * the stripe package's `generateTestHeaderStringAsync` (timestamp in
 * seconds; default now).
 */
export async function signedEvent(
  secret: string,
  event: Record<string, unknown>,
  timestamp?: number,
): Promise<RequestInit> {
  const payload = JSON.stringify(event);
  const header = await Stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret,
    timestamp,
    cryptoProvider: Stripe.createSubtleCryptoProvider(),
  });
  return {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": header },
    body: payload,
  };
}
