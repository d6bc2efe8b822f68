/**
 * The dev checkout (development without Stripe keys): the payments function
 * answers a `/_dev/checkout/<id>` page; Pay delivers a signed event to the
 * real webhook function, which alone confirms the booking. Production
 * without keys offers no card payment at all.
 *
 * @module
 */
import assert from "node:assert/strict";
import { buildApp, startApp, unreachableDb } from "../support/app.ts";
import { bookingBody, postJson } from "../api/support.ts";
import { daysAfter, nextWeekday } from "../support/clock.ts";
import { privileged } from "../../lib/db/mod.ts";
import { sendStripeRefunds } from "../../lib/payments/refunds.ts";

/** A production configuration without Stripe keys (tests/security/production_test.ts). */
const PRODUCTION_ENV = {
  APP_ENV: "production",
  SMTP_URL: "smtp://127.0.0.1:9",
  SUPABASE_JWT_SECRET: "a-production-secret-that-is-long-enough-0123456789",
  SUPABASE_ANON_KEY: null,
  SUPABASE_SERVICE_ROLE_KEY: null,
};

Deno.test({
  name: "dev checkout: pay through the stand-in, confirmed by the webhook",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startApp({ env: { RATE_LIMITS: "off" } });
    try {
      assert.ok(app.parts.devCheckout, "dev checkout mounted in development");
      const saturday = nextWeekday(6, daysAfter(new Date(), 28));
      const res = await app.fetch(
        "/api/bookings",
        postJson(bookingBody(saturday, "12:00", { paymentMethod: "card" })),
      );
      assert.equal(res.status, 201);
      const b = await res.json();
      const token = new URL(b.manageUrl).searchParams.get("token") ?? "";
      const confirmation = await (await app.fetch(
        `/book/confirmation/${b.reference}?token=${token}`,
      )).text();
      assert.match(confirmation, /value="pay_deposit"/);
      assert.ok(confirmation.includes(`action="/manage/${b.reference}"`));
      const start = await app.fetch(
        "/functions/v1/payments",
        postJson({ reference: b.reference, token, kind: "deposit" }, {
          authorization: `Bearer ${app.parts.supabase.anonKey}`,
        }),
      );
      assert.equal(start.status, 200);
      const { url } = await start.json();
      const path = new URL(url).pathname;
      assert.ok(path.startsWith("/_dev/checkout/cs_dev_"), path);
      const page = await (await app.fetch(path)).text();
      assert.ok(page.includes("$100.00"));
      assert.ok(page.includes(b.reference));
      // Pay: the signed event goes to the real webhook function.
      const form = (action: string) => {
        const f = new FormData();
        f.set("action", action);
        return { method: "POST", body: f, redirect: "manual" as const };
      };
      const pay = await app.fetch(path, form("pay"));
      assert.equal(pay.status, 303);
      assert.ok(
        pay.headers.get("location")?.includes("checkout=success"),
        pay.headers.get("location") ?? "",
      );
      const [row] = await app.db.sql`
        select b.status, (select count(*)::int from public.payments p where p.booking_id = b.id) as n
        from public.bookings b where b.reference = ${b.reference}`;
      assert.deepEqual({ ...row }, { status: "confirmed", n: 1 });
      // Paying the same checkout again changes nothing.
      const again = await app.fetch(path, form("pay"));
      assert.equal(again.status, 303);
      const [n] = await app.db.sql`
        select count(*)::int as n from public.payments p join public.bookings b on b.id = p.booking_id
        where b.reference = ${b.reference}`;
      assert.equal(n.n, 1);

      // A refund due on the card deposit goes back through the dev checkout,
      // whose signed charge.refunded writes the ledger row (ADR 0019).
      await privileged(app.db, (tx) =>
        tx`
        insert into public.refunds_due (booking_id, amount_cents, reason)
        select id, 10000, 'test: refund the deposit' from public.bookings
        where reference = ${b.reference}`);
      const run = await sendStripeRefunds(
        app.db,
        app.parts.payments!,
        app.parts.clock(),
      );
      assert.deepEqual(run, { requested: 1, retried: 0, failed: 0 });
      const [after] = await app.db.sql`
        select (select count(*)::int from public.payments p
                where p.booking_id = b.id and p.kind = 'refund' and p.amount_cents = 10000) as refunds,
               (select status from public.refunds_due r where r.booking_id = b.id) as due,
               (select status from public.stripe_refunds r where r.booking_id = b.id) as stripe
        from public.bookings b where b.reference = ${b.reference}`;
      assert.deepEqual({ ...after }, {
        refunds: 1,
        due: "settled",
        stripe: "succeeded",
      });
      // Its balance shows what a Stripe account would: the charge (with
      // the card fee) and the refund, on the PaymentIntent the ledger has.
      const listed = await app.parts.payments!.listBalanceTransactions({
        from: new Date(0),
        to: new Date(8.64e15),
      });
      assert.deepEqual(
        listed.lines.map((l) => [l.kind, l.amountCents, l.feeCents]),
        [["charge", 10000, 320], ["refund", -10000, 0]],
      );
      const [credit] = await app.db.sql`
        select p.provider_reference from public.payments p
        join public.bookings b on b.id = p.booking_id
        where b.reference = ${b.reference} and p.kind = 'deposit'`;
      assert.equal(listed.lines[0].paymentIntent, credit.provider_reference);
    } finally {
      await app.dispose();
    }
  },
});

Deno.test({
  name: "production without Stripe keys: card is refused and not offered",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startApp({
      env: { ...PRODUCTION_ENV, RATE_LIMITS: "off" },
    });
    try {
      assert.equal(app.parts.payments, null);
      const saturday = nextWeekday(6, daysAfter(new Date(), 28));
      const res = await app.fetch(
        "/api/bookings",
        postJson(bookingBody(saturday, "12:00", { paymentMethod: "card" })),
      );
      assert.equal(res.status, 422);
      const body = await res.json();
      assert.deepEqual(
        body.error.issues.map((i: { path: string }) => i.path),
        ["paymentMethod"],
      );
      const ok = await app.fetch(
        "/api/bookings",
        postJson(bookingBody(saturday, "12:00", { paymentMethod: "zelle" })),
      );
      assert.equal(ok.status, 201);
      await ok.body?.cancel();
      const fn = await app.fetch("/functions/v1/nothing", { method: "POST" });
      assert.equal(fn.status, 404);
      await fn.body?.cancel();
    } finally {
      await app.dispose();
    }
  },
});

Deno.test({
  name: "production without Stripe keys: no payments gateway, no dev checkout",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const db = await unreachableDb();
    try {
      const { parts } = await buildApp({
        db,
        env: PRODUCTION_ENV,
      });
      assert.equal(parts.payments, null);
      assert.equal(parts.devCheckout, null);
    } finally {
      await db.close();
    }
  },
});
