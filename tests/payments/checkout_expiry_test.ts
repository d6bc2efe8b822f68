/**
 * SPEC §2: a card booking whose Stripe Checkout is abandoned keeps its slot
 * 30 minutes, then expires; paying by Zelle within that time keeps it.
 * The Checkout Session expires with the hold: the session's `expires_at`
 * is 30 minutes (plus transit slack) after the app's clock, and the Stripe
 * double's own timer (`expireSessions`) announces `checkout.session.expired`
 * over real HTTP. Time only moves on the injected clock; nothing sleeps.
 *
 * @module
 */
import assert from "node:assert/strict";
import { startApp, type TestApp } from "../support/app.ts";
import { startStripeDouble } from "../support/stripe_double.ts";
import { bookingBody, postJson } from "../api/support.ts";
import { daysAfter, nextWeekday, testInstant } from "../support/clock.ts";

const SECRET = "whsec_test_expiry_secret";
const MINUTE = 60_000;

async function status(app: TestApp, reference: string): Promise<string> {
  const [r] = await app.db.sql<{ status: string }[]>`
    select status from public.bookings where reference = ${reference}`;
  return r.status;
}

Deno.test({
  name:
    "checkout expiry: an abandoned card Checkout frees the slot after 30 minutes",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const start = testInstant("10:00");
    let now = start;
    const clock = () => new Date(now.getTime());
    const double = startStripeDouble();
    const app = await startApp({
      serve: true,
      clock,
      env: {
        STRIPE_SECRET_KEY: "sk_test_double",
        STRIPE_WEBHOOK_SECRET: SECRET,
        STRIPE_API_BASE: double.url,
        RATE_LIMITS: "off",
        // Read the database's count each time (the 1 s micro-cache of ADR
        // 0005 is not told about changes made by the webhook function).
        AVAILABILITY_CACHE_MS: "0",
      },
    });
    double.webhook = {
      url: `${app.url}/functions/v1/stripe-webhook`,
      secret: SECRET,
      clock,
    };
    const date = nextWeekday(6, daysAfter(start, 14));
    const reserved = async () => {
      const res = await fetch(
        `${app.url}/api/availability?from=${date}&to=${date}`,
      );
      assert.equal(res.status, 200);
      const a = await res.json();
      return a.dates[0].slots.find((s: { time: string }) => s.time === "18:00")
        .reserved as number;
    };
    const bookAndCheckout = async () => {
      const res = await fetch(
        `${app.url}/api/bookings`,
        postJson(bookingBody(date, "18:00", { paymentMethod: "card" })),
      );
      assert.equal(res.status, 201, await res.clone().text());
      const b = await res.json();
      const token = new URL(b.manageUrl).searchParams.get("token") ?? "";
      const pay = await fetch(
        `${app.url}/functions/v1/payments`,
        postJson({ reference: b.reference, token, kind: "deposit" }, {
          authorization: `Bearer ${app.parts.supabase.anonKey}`,
        }),
      );
      assert.equal(pay.status, 200, await pay.clone().text());
      const { sessionId } = await pay.json();
      return { reference: b.reference as string, token, sessionId };
    };
    try {
      const before = await reserved();
      const a = await bookAndCheckout();
      assert.equal(await reserved(), before + 1);
      const session = double.sessions.get(a.sessionId)!;
      const expiresAt = session.expiresAt * 1000;
      assert.ok(expiresAt - start.getTime() >= 30 * MINUTE);
      assert.ok(expiresAt - start.getTime() <= 31 * MINUTE);

      // Zelle within the 30 minutes keeps the second booking.
      const z = await bookAndCheckout();
      now = new Date(start.getTime() + 20 * MINUTE);
      await app.db.sql`
        insert into public.payments (booking_id, kind, method, amount_cents, provider_reference)
        select id, 'deposit', 'zelle', deposit_cents, 'zelle-expiry-1'
        from public.bookings where reference = ${z.reference}`;
      assert.equal(await status(app, z.reference), "confirmed");

      // 29 minutes in: Stripe has expired nothing, the slot is still held.
      now = new Date(start.getTime() + 29 * MINUTE);
      assert.deepEqual(await double.expireSessions(now), []);
      assert.equal(await status(app, a.reference), "pending_deposit");
      assert.equal(await reserved(), before + 2);

      // At the session's expiry Stripe announces it; the slot is free.
      now = new Date(expiresAt);
      const expired = await double.expireSessions(now);
      assert.deepEqual(expired.sort(), [a.sessionId, z.sessionId].sort());
      assert.deepEqual(double.deliveries, [
        { type: "checkout.session.expired", status: 200 },
        { type: "checkout.session.expired", status: 200 },
      ]);
      assert.equal(await status(app, a.reference), "expired");
      assert.equal(await status(app, z.reference), "confirmed");
      assert.equal(await reserved(), before + 1);

      // The expired booking takes no more payment.
      const late = await fetch(
        `${app.url}/functions/v1/payments`,
        postJson({ reference: a.reference, token: a.token, kind: "deposit" }, {
          authorization: `Bearer ${app.parts.supabase.anonKey}`,
        }),
      );
      assert.equal(late.status, 409);
      assert.equal((await late.json()).error.code, "NOT_PAYABLE");
    } finally {
      await app.dispose();
      await double.stop();
    }
  },
});
