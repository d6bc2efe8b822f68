/**
 * A local Stripe double for tests and demos: `Deno.serve` on 127.0.0.1:0
 * with the few endpoints the app's stripe client calls
 * (`POST /v1/checkout/sessions`, `POST /v1/refunds`,
 * `GET /v1/balance_transactions`). Point the app at it
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
  /**
   * Where refunds are announced, as Stripe does: a signed `charge.refunded`
   * POSTed over HTTP to `url` (the app's `stripe-webhook`), signed at
   * `clock()` (the app's clock, so its 5-minute tolerance holds), before
   * the refund's API answer. Null = no webhooks.
   */
  webhook: { url: string; secret: string; clock: () => Date } | null;
  /** Refunds created, by id (idempotent replays are not counted twice). */
  refunds: Map<string, { paymentIntent: string; amount: number }>;
  /** Webhook deliveries and the status the app answered. */
  deliveries: { type: string; status: number }[];
  /** Checkout Sessions created, by id. */
  sessions: Map<string, DoubleSession>;
  /** The account's balance transactions, oldest first (charges and refunds). */
  balance: DoubleBalanceTransaction[];
  /** Stamps balance transactions (tests set the app's clock). */
  clock: () => Date;
  /**
   * Takes money for `paymentIntent` as a paid Checkout does: a charge and
   * its balance transaction (Stripe's US card fee, 2.9 % + 30¢). Answers the
   * charge id.
   */
  charge(paymentIntent: string, amountCents: number): string;
  /**
   * Stripe's own timer: every open session whose `expires_at` is at or
   * before `now` becomes expired and is announced with a signed
   * `checkout.session.expired` (to {@link StripeDouble.webhook}). Answers
   * the ids expired.
   */
  expireSessions(now: Date): Promise<string[]>;
  stop(): Promise<void>;
}

/** A balance transaction of the double, as Stripe lists it. */
export interface DoubleBalanceTransaction {
  id: string;
  type: "charge" | "refund";
  amount: number;
  fee: number;
  /** Unix seconds. */
  created: number;
  /** The expanded `source`: a charge or a refund. */
  source: Record<string, unknown>;
}

/** A Checkout Session the double created. */
export interface DoubleSession {
  id: string;
  reference: string;
  kind: string;
  amount: number;
  /** Unix seconds, as sent by the app. */
  expiresAt: number;
  status: "open" | "complete" | "expired";
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
    webhook: null,
    refunds: new Map(),
    deliveries: [],
    sessions: new Map(),
    balance: [],
    clock: () => new Date(),
    charge(paymentIntent, amountCents) {
      const charge = charges.get(paymentIntent) ??
        { id: id("ch"), refunded: 0 };
      charges.set(paymentIntent, charge);
      double.balance.push({
        id: id("txn"),
        type: "charge",
        amount: amountCents,
        fee: Math.round(amountCents * 0.029) + 30,
        created: Math.floor(double.clock().getTime() / 1000),
        source: {
          id: charge.id,
          object: "charge",
          payment_intent: paymentIntent,
        },
      });
      return charge.id;
    },
    async expireSessions(now) {
      const expired: string[] = [];
      for (const session of double.sessions.values()) {
        if (
          session.status !== "open" ||
          session.expiresAt > Math.floor(now.getTime() / 1000)
        ) continue;
        session.status = "expired";
        expired.push(session.id);
        await announce("checkout.session.expired", {
          id: session.id,
          object: "checkout.session",
          client_reference_id: session.reference,
          metadata: {
            booking_reference: session.reference,
            kind: session.kind,
          },
          amount_total: session.amount,
          payment_status: "unpaid",
          status: "expired",
          expires_at: session.expiresAt,
        });
      }
      return expired;
    },
    stop: () => server.shutdown(),
  };
  // Idempotency-Key → the first answer (Stripe replays it for 24 h).
  const replies = new Map<string, unknown>();
  // Cumulative refunded cents and the charge id per PaymentIntent.
  const charges = new Map<string, { id: string; refunded: number }>();
  const announce = async (type: string, object: Record<string, unknown>) => {
    const hook = double.webhook;
    if (!hook) return;
    const init = await signedEvent(
      hook.secret,
      stripeEvent(type, object, undefined, hook.clock()),
      Math.floor(hook.clock().getTime() / 1000),
    );
    const res = await fetch(hook.url, init);
    await res.body?.cancel();
    double.deliveries.push({ type, status: res.status });
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
        double.sessions.set(sid, {
          id: sid,
          reference: fields.client_reference_id,
          kind: fields["metadata[kind]"],
          amount,
          expiresAt: Number(fields.expires_at),
          status: "open",
        });
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
        const key = req.headers.get("idempotency-key");
        if (key && replies.has(key)) return Response.json(replies.get(key));
        const pi = fields.payment_intent;
        const amount = Number(fields.amount ?? 0);
        if (!pi || !(amount > 0)) {
          return stripeError(400, "payment_intent and amount are required");
        }
        const refund = {
          id: id("re"),
          object: "refund",
          amount,
          payment_intent: pi,
          status: "succeeded",
          metadata,
        };
        if (key) replies.set(key, refund);
        double.refunds.set(refund.id, { paymentIntent: pi, amount });
        const charge = charges.get(pi) ?? { id: id("ch"), refunded: 0 };
        charge.refunded += amount;
        charges.set(pi, charge);
        double.balance.push({
          id: id("txn"),
          type: "refund",
          amount: -amount,
          fee: 0,
          created: Math.floor(double.clock().getTime() / 1000),
          source: {
            id: refund.id,
            object: "refund",
            charge: charge.id,
            payment_intent: pi,
          },
        });
        await announce("charge.refunded", {
          id: charge.id,
          object: "charge",
          payment_intent: pi,
          amount_refunded: charge.refunded,
          refunded: true,
          metadata,
        });
        return Response.json(refund);
      }
      if (req.method === "GET" && path === "/v1/balance_transactions") {
        return Response.json(listBalance(double.balance, new URL(req.url)));
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

/**
 * One page of `GET /v1/balance_transactions`: newest first, `created[gte]`
 * / `created[lt]` filters, `limit`, `starting_after`, and `source` expanded
 * only when `expand[]=data.source` is asked (else its id), as Stripe does.
 */
function listBalance(
  all: DoubleBalanceTransaction[],
  url: URL,
): Record<string, unknown> {
  const q = url.searchParams;
  const gte = Number(q.get("created[gte]") ?? -Infinity);
  const lt = Number(q.get("created[lt]") ?? Infinity);
  const limit = Number(q.get("limit") ?? 10);
  const expand = q.getAll("expand[]").includes("data.source") ||
    q.getAll("expand[0]").includes("data.source");
  let list = all.filter((b) => b.created >= gte && b.created < lt).reverse();
  const after = q.get("starting_after");
  if (after) list = list.slice(list.findIndex((b) => b.id === after) + 1);
  const page = list.slice(0, limit);
  return {
    object: "list",
    url: "/v1/balance_transactions",
    has_more: list.length > limit,
    data: page.map((b) => ({
      id: b.id,
      object: "balance_transaction",
      type: b.type,
      amount: b.amount,
      fee: b.fee,
      net: b.amount - b.fee,
      currency: "usd",
      created: b.created,
      source: expand ? b.source : b.source.id,
    })),
  };
}

/** A Stripe event envelope around `object`. */
export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  eventId = id("evt"),
  created = new Date(),
): Record<string, unknown> {
  return {
    id: eventId,
    object: "event",
    api_version: "2025-01-01",
    created: Math.floor(created.getTime() / 1000),
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
