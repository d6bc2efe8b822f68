/**
 * The dev checkout: a stand-in for Stripe Checkout in development without
 * Stripe keys (issue 12), like the dev mailbox. It implements the
 * {@link PaymentsGateway} port: a "session" is a page at
 * `/_dev/checkout/<id>` showing the amount with Pay / Cancel. Pay signs a
 * `checkout.session.completed` event with the stripe package's test header
 * helper and delivers it to the real `stripe-webhook` function, so the
 * booking is confirmed by the webhook alone, then returns to the success
 * URL. Never mounted in production (the composition root decides).
 *
 * @module
 */
import Stripe from "stripe";
import type { PluginMiddleware } from "$fresh/server.ts";
import type {
  BalanceTransaction,
  CheckoutRequest,
  CheckoutSession,
  PaymentsGateway,
  Refund,
  RefundRequest,
} from "../../lib/payments/mod.ts";

/** Where the dev checkout pages live. */
export const DEV_CHECKOUT_PATH = "/_dev/checkout/";

interface DevSession extends CheckoutRequest {
  id: string;
  paymentIntent: string;
  state: "open" | "paid" | "cancelled";
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function randomId(prefix: string): string {
  const b = crypto.getRandomValues(new Uint8Array(12));
  return `${prefix}_dev_${
    Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("")
  }`;
}

/** The dev checkout gateway and its pages. */
export class DevCheckout implements PaymentsGateway {
  /** The webhook signing secret it signs with (the app's webhook verifies it). */
  readonly webhookSecret = randomId("whsec");
  #sessions = new Map<string, DevSession>();
  #deliver: ((req: Request) => Promise<Response>) | null = null;
  #refunds = new Map<string, Refund>();
  #charges = new Map<string, { id: string; refunded: number }>();
  #balance: BalanceTransaction[] = [];

  readonly #origin: () => string;
  readonly #clock: () => Date;

  /**
   * @param publicUrl the app's public origin, or a function reading it when needed.
   * @param clock the app's clock (stamps balance transactions and events).
   */
  constructor(
    publicUrl: string | (() => string),
    clock: () => Date = () => new Date(),
  ) {
    this.#origin = typeof publicUrl === "string" ? () => publicUrl : publicUrl;
    this.#clock = clock;
  }

  /**
   * What a Stripe account would list: a charge per paid checkout (with
   * Stripe's US card fee, 2.9 % + 30¢) and a refund per refund.
   */
  listBalanceTransactions(
    range: { from: Date; to: Date },
  ): Promise<{ lines: BalanceTransaction[]; truncated: boolean }> {
    return Promise.resolve({
      lines: this.#balance.filter((b) =>
        b.created >= range.from && b.created < range.to
      ),
      truncated: false,
    });
  }

  private get publicUrl(): string {
    return this.#origin();
  }

  /** Where signed events go: the `stripe-webhook` function's handler. */
  attachWebhook(deliver: (req: Request) => Promise<Response>): void {
    this.#deliver = deliver;
  }

  createCheckoutSession(r: CheckoutRequest): Promise<CheckoutSession> {
    const id = randomId("cs");
    this.#sessions.set(id, {
      ...r,
      id,
      paymentIntent: randomId("pi"),
      state: "open",
    });
    return Promise.resolve({
      id,
      url: `${this.publicUrl}${DEV_CHECKOUT_PATH}${id}`,
    });
  }

  /**
   * Refunds at once and announces it as Stripe does: a signed
   * `charge.refunded` (cumulative `amount_refunded`) to the real webhook,
   * which writes the ledger row. Idempotent per key, like Stripe.
   */
  async refund(r: RefundRequest): Promise<Refund> {
    const prior = this.#refunds.get(r.idempotencyKey);
    if (prior) return prior;
    const charge = this.#charges.get(r.paymentIntent) ??
      { id: randomId("ch"), refunded: 0 };
    const refund: Refund = {
      id: randomId("re"),
      status: "succeeded",
      amountCents: r.amountCents ?? 0,
    };
    charge.refunded += refund.amountCents;
    this.#charges.set(r.paymentIntent, charge);
    this.#refunds.set(r.idempotencyKey, refund);
    this.#balance.push({
      id: randomId("txn"),
      kind: "refund",
      amountCents: -refund.amountCents,
      feeCents: 0,
      netCents: -refund.amountCents,
      created: this.#clock(),
      paymentIntent: r.paymentIntent,
      chargeId: charge.id,
    });
    await this.#send("charge.refunded", {
      id: charge.id,
      object: "charge",
      payment_intent: r.paymentIntent,
      amount_refunded: charge.refunded,
      refunded: true,
      metadata: { booking_reference: r.reference },
    });
    return refund;
  }

  async #send(type: string, object: Record<string, unknown>): Promise<number> {
    if (!this.#deliver) throw new Error("dev checkout: no webhook attached");
    const payload = JSON.stringify({
      id: randomId("evt"),
      object: "event",
      type,
      created: Math.floor(this.#clock().getTime() / 1000),
      livemode: false,
      data: { object },
    });
    const header = await Stripe.webhooks.generateTestHeaderStringAsync({
      payload,
      secret: this.webhookSecret,
      cryptoProvider: Stripe.createSubtleCryptoProvider(),
    });
    const res = await this.#deliver(
      new Request(`${this.publicUrl}/functions/v1/stripe-webhook`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "stripe-signature": header,
        },
        body: payload,
      }),
    );
    await res.body?.cancel();
    return res.status;
  }

  /** `POST /_dev/checkout/<id>` with `action=pay|cancel`. */
  async act(id: string, action: string): Promise<Response> {
    const s = this.#sessions.get(id);
    if (!s) return new Response("No such checkout", { status: 404 });
    if (s.state !== "open") {
      return redirect(s.state === "paid" ? s.successUrl : s.cancelUrl);
    }
    if (action === "pay") {
      const status = await this.#send("checkout.session.completed", {
        id: s.id,
        object: "checkout.session",
        client_reference_id: s.reference,
        metadata: { booking_reference: s.reference, kind: s.kind },
        amount_total: s.amountCents,
        currency: "usd",
        customer_email: s.customerEmail,
        payment_status: "paid",
        status: "complete",
        payment_intent: s.paymentIntent,
      });
      if (status !== 200) {
        return new Response(`The webhook answered ${status}; try again.`, {
          status: 502,
        });
      }
      s.state = "paid";
      const charge = { id: randomId("ch"), refunded: 0 };
      this.#charges.set(s.paymentIntent, charge);
      const fee = Math.round(s.amountCents * 0.029) + 30;
      this.#balance.push({
        id: randomId("txn"),
        kind: "charge",
        amountCents: s.amountCents,
        feeCents: fee,
        netCents: s.amountCents - fee,
        created: this.#clock(),
        paymentIntent: s.paymentIntent,
        chargeId: charge.id,
      });
      return redirect(s.successUrl);
    }
    s.state = "cancelled";
    return redirect(s.cancelUrl);
  }

  /** `GET /_dev/checkout/<id>`: the amount with Pay / Cancel. */
  page(id: string): Response {
    const s = this.#sessions.get(id);
    if (!s) return new Response("No such checkout", { status: 404 });
    const amount = `$${(s.amountCents / 100).toFixed(2)}`;
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Dev checkout</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}
button{font-size:1rem;padding:.6rem 1.2rem;margin-right:.5rem}</style></head>
<body><h1>Dev checkout</h1>
<p>Stand-in for Stripe Checkout (development without Stripe keys).</p>
<p><strong>${esc(s.kind === "deposit" ? "Deposit" : "Balance")} for ${
      esc(s.reference)
    }</strong>:
<span data-amount>${amount}</span></p>
<p>Customer: ${esc(s.customerEmail)}</p>
${
      s.state === "open"
        ? `<form method="post"><button name="action" value="pay">Pay ${amount}</button>
<button name="action" value="cancel">Cancel</button></form>`
        : `<p>This checkout is ${s.state}.</p>`
    }
</body></html>`;
    return new Response(html, {
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
      },
    });
  }
}

function redirect(to: string): Response {
  return new Response(null, {
    status: 303,
    headers: { location: to, "cache-control": "no-store" },
  });
}

/**
 * The dev checkout pages as plugin middleware (Fresh treats paths starting
 * with `_` as private files, never as routes).
 */
export function devCheckoutMiddleware(checkout: DevCheckout): PluginMiddleware {
  return {
    path: "/",
    middleware: {
      handler: async (req, ctx) => {
        const path = ctx.url.pathname;
        if (!path.startsWith(DEV_CHECKOUT_PATH)) return ctx.next();
        const id = path.slice(DEV_CHECKOUT_PATH.length);
        if (req.method === "GET" || req.method === "HEAD") {
          return checkout.page(id);
        }
        if (req.method === "POST") {
          const form = await req.formData();
          return await checkout.act(id, String(form.get("action") ?? ""));
        }
        return new Response(null, { status: 405 });
      },
    },
  };
}
