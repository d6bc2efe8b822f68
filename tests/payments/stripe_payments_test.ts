/**
 * Card payments end to end on real PostgreSQL (issue 12): the `payments`
 * and `stripe-webhook` Edge Functions served by the app's embedded gateway
 * at /functions/v1, Stripe played by tests/support/stripe_double.ts.
 *
 * @module
 */
import assert from "node:assert/strict";
import { startApp, type TestApp } from "../support/app.ts";
import {
  completedSession,
  signedEvent,
  startStripeDouble,
  type StripeDouble,
  stripeEvent,
} from "../support/stripe_double.ts";
import { bookingBody, postJson } from "../api/support.ts";
import { daysAfter, nextWeekday } from "../support/clock.ts";
import { captureLogs, type LogRecord } from "../../lib/observability/log.ts";

const SECRET = "whsec_test_double_secret";

async function counts(app: TestApp) {
  const [r] = await app.db.sql<{ payments: number; events: number }[]>`
    select (select count(*)::int from public.payments) as payments,
           (select count(*)::int from public.stripe_events) as events`;
  return { ...r };
}

async function bookingState(app: TestApp, reference: string) {
  const [r] = await app.db.sql<
    { status: string; paid: number; rows: number; total: number }[]
  >`
    select b.status, b.total_cents as total,
      coalesce((select sum(case when p.kind = 'refund' then -p.amount_cents else p.amount_cents end)
                from public.payments p where p.booking_id = b.id), 0)::int as paid,
      (select count(*)::int from public.payments p where p.booking_id = b.id) as rows
    from public.bookings b where b.reference = ${reference}`;
  return r;
}

Deno.test({
  name: "stripe payments: checkout, signed webhook, idempotency, errors",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const double: StripeDouble = startStripeDouble();
    const app = await startApp({
      env: {
        STRIPE_SECRET_KEY: "sk_test_double",
        STRIPE_WEBHOOK_SECRET: SECRET,
        STRIPE_API_BASE: double.url,
        RATE_LIMITS: "off",
      },
    });
    const auth = { authorization: `Bearer ${app.parts.supabase.anonKey}` };
    const pay = (body: unknown, headers: Record<string, string> = auth) =>
      app.fetch("/functions/v1/payments", postJson(body, headers));
    const hook = (init: RequestInit) =>
      app.fetch("/functions/v1/stripe-webhook", init);
    const saturday = nextWeekday(6, daysAfter(new Date(), 21));
    const book = async (time: string) => {
      const res = await app.fetch(
        "/api/bookings",
        postJson(bookingBody(saturday, time, { paymentMethod: "card" })),
      );
      assert.equal(res.status, 201, await res.clone().text());
      const b = await res.json();
      return {
        reference: b.reference as string,
        token: new URL(b.manageUrl).searchParams.get("token") ?? "",
      };
    };
    try {
      const a = await book("12:00");

      await t.step("gateway: JWT, CORS preflight, unknown names", async () => {
        const res = await pay({ ...a, kind: "deposit" }, {});
        assert.equal(res.status, 401);
        await res.body?.cancel();
        const pre = await app.fetch("/functions/v1/payments", {
          method: "OPTIONS",
          headers: {
            origin: "https://elsewhere.test",
            "access-control-request-method": "POST",
          },
        });
        assert.equal(pre.status, 204);
        assert.equal(pre.headers.get("access-control-allow-origin"), "*");
        const nf = await app.fetch("/functions/v1/nope", postJson({}, auth));
        assert.equal(nf.status, 404);
        await nf.body?.cancel();
      });

      await t.step(
        "payments: wrong token and unknown reference → one 404",
        async () => {
          const wrong = await pay({
            ...a,
            token: a.token.slice(0, -1) + (a.token.endsWith("A") ? "B" : "A"),
            kind: "deposit",
          });
          const unknown = await pay({
            reference: "MH-ZZZZZZ",
            token: a.token,
            kind: "deposit",
          });
          assert.equal(wrong.status, 404);
          assert.equal(unknown.status, 404);
          assert.deepEqual(await wrong.json(), await unknown.json());
          assert.equal(double.requests.length, 0);
        },
      );

      let sessionId = "";
      await t.step(
        "payments: a Checkout Session for the ledger's deposit",
        async () => {
          const before = Date.now();
          const res = await pay({ ...a, kind: "deposit", amountCents: 1 });
          // Unknown fields are ignored; the amount is the server's.
          assert.equal(res.status, 200, await res.clone().text());
          const body = await res.json();
          assert.deepEqual(Object.keys(body).sort(), ["sessionId", "url"]);
          sessionId = body.sessionId;
          const sent = double.requests.at(-1)!;
          assert.equal(sent.path, "/v1/checkout/sessions");
          assert.equal(sent.fields.client_reference_id, a.reference);
          assert.equal(sent.fields["metadata[booking_reference]"], a.reference);
          assert.equal(sent.fields["metadata[kind]"], "deposit");
          assert.equal(
            sent.fields["line_items[0][price_data][unit_amount]"],
            "10000",
          );
          assert.equal(sent.fields.customer_email, "pat@example.com");
          assert.ok(
            sent.fields.success_url.includes(`/manage/${a.reference}?token=`),
          );
          assert.ok(
            sent.fields.cancel_url.includes(`/manage/${a.reference}?token=`),
          );
          const ttl = Number(sent.fields.expires_at) * 1000 - before;
          assert.ok(
            ttl >= 30 * 60_000 - 1000 && ttl <= 31 * 60_000,
            String(ttl),
          );
          assert.ok(sessionId.startsWith("cs_"));
        },
      );

      await t.step(
        "webhook: bad or old signature → 400, nothing written",
        async () => {
          const before = await counts(app);
          const event = stripeEvent(
            "checkout.session.completed",
            completedSession(a.reference, 10000),
          );
          const forged = await signedEvent("whsec_wrong", event);
          assert.equal((await hook(forged)).status, 400);
          const old = await signedEvent(
            SECRET,
            event,
            Math.floor(Date.now() / 1000) - 301,
          );
          assert.equal((await hook(old)).status, 400);
          const unsigned = await hook({
            method: "POST",
            body: JSON.stringify(event),
          });
          assert.equal(unsigned.status, 400);
          // The body is not what was signed.
          const tampered = await signedEvent(SECRET, event);
          const res = await hook({
            ...tampered,
            body: JSON.stringify({ ...event, id: "evt_other" }),
          });
          assert.equal(res.status, 400);
          assert.deepEqual(await counts(app), before);
          assert.equal(
            (await bookingState(app, a.reference)).status,
            "pending_deposit",
          );
        },
      );

      await t.step(
        "webhook: deposit paid → confirmed; replay credits once",
        async () => {
          const event = stripeEvent(
            "checkout.session.completed",
            completedSession(a.reference, 10000, { id: sessionId }),
          );
          const res = await hook(await signedEvent(SECRET, event));
          assert.equal(res.status, 200);
          assert.deepEqual(await res.json(), { received: true });
          let s = await bookingState(app, a.reference);
          assert.equal(s.status, "confirmed");
          assert.equal(s.paid, 10000);
          assert.equal(s.rows, 1);
          const [p] = await app.db.sql`
          select p.kind, p.method, p.provider from public.payments p
          join public.bookings b on b.id = p.booking_id where b.reference = ${a.reference}`;
          assert.deepEqual({ ...p }, {
            kind: "deposit",
            method: "card",
            provider: "stripe",
          });
          const [e] = await app.db.sql`
          select e.actor from public.booking_events e join public.bookings b on b.id = e.booking_id
          where b.reference = ${a.reference} and e.after->>'status' = 'confirmed'`;
          assert.equal(e?.actor, "stripe");
          // Replay (same event), and Stripe's retry with a new event id for the
          // same session: still one ledger row.
          assert.equal(
            (await hook(await signedEvent(SECRET, event))).status,
            200,
          );
          const again = stripeEvent(
            "checkout.session.completed",
            event.data
              ? (event.data as { object: Record<string, unknown> }).object
              : {},
          );
          assert.equal(
            (await hook(await signedEvent(SECRET, again))).status,
            200,
          );
          s = await bookingState(app, a.reference);
          assert.equal(s.rows, 1);
          assert.equal(s.paid, 10000);
        },
      );

      await t.step(
        "payments: deposit paid → 409; balance from the ledger",
        async () => {
          const dep = await pay({ ...a, kind: "deposit" });
          assert.equal(dep.status, 409);
          assert.equal((await dep.json()).error.code, "NOTHING_DUE");
          const bal = await pay({ ...a, kind: "balance" });
          assert.equal(bal.status, 200);
          await bal.body?.cancel();
          const s = await bookingState(app, a.reference);
          assert.equal(
            double.requests.at(-1)!
              .fields["line_items[0][price_data][unit_amount]"],
            String(s.total - 10000),
          );
        },
      );

      await t.step(
        "webhook: balance paid → balance 0, fully paid → 409",
        async () => {
          const s0 = await bookingState(app, a.reference);
          const event = stripeEvent(
            "checkout.session.completed",
            completedSession(a.reference, s0.total - 10000),
          );
          assert.equal(
            (await hook(await signedEvent(SECRET, event))).status,
            200,
          );
          const s = await bookingState(app, a.reference);
          assert.equal(s.paid, s.total);
          const res = await pay({ ...a, kind: "balance" });
          assert.equal(res.status, 409);
          await res.body?.cancel();
        },
      );

      await t.step(
        "webhook: 50 concurrent duplicates → one ledger row",
        async () => {
          const b = await book("15:00");
          const event = stripeEvent(
            "checkout.session.completed",
            completedSession(b.reference, 10000),
          );
          const init = await signedEvent(SECRET, event);
          const answers = await Promise.all(
            Array.from({ length: 50 }, () => hook({ ...init })),
          );
          for (const r of answers) {
            assert.equal(r.status, 200);
            await r.body?.cancel();
          }
          const s = await bookingState(app, b.reference);
          assert.equal(s.rows, 1);
          assert.equal(s.paid, 10000);
          assert.equal(s.status, "confirmed");
        },
      );

      await t.step(
        "webhook: unknown booking → 200, alert logged, nothing credited",
        async () => {
          const before = await counts(app);
          const logs: LogRecord[] = [];
          const stop = captureLogs((r) => logs.push(r));
          try {
            const event = stripeEvent(
              "checkout.session.completed",
              completedSession("MH-ZZZZZZ", 10000),
            );
            const res = await hook(await signedEvent(SECRET, event));
            assert.equal(res.status, 200);
            await res.body?.cancel();
          } finally {
            stop();
          }
          const after = await counts(app);
          assert.equal(after.payments, before.payments);
          assert.equal(after.events, before.events + 1);
          assert.ok(
            logs.some((l) =>
              l.alert === "stripe_unknown_booking" && l.level === "warn"
            ),
            JSON.stringify(logs),
          );
        },
      );

      await t.step(
        "webhook: charge.refunded → refund ledger row, once",
        async () => {
          const [p] = await app.db.sql<{ provider_reference: string }[]>`
          select p.provider_reference from public.payments p join public.bookings b on b.id = p.booking_id
          where b.reference = ${a.reference} and p.kind = 'deposit'`;
          const charge = {
            id: "ch_test_refund1",
            object: "charge",
            payment_intent: p.provider_reference,
            amount_refunded: 2500,
            metadata: {},
          };
          const event = stripeEvent("charge.refunded", charge);
          assert.equal(
            (await hook(await signedEvent(SECRET, event))).status,
            200,
          );
          assert.equal(
            (await hook(await signedEvent(SECRET, event))).status,
            200,
          );
          // A later refund of the same charge: cumulative 4000 → 1500 more.
          const later = stripeEvent("charge.refunded", {
            ...charge,
            amount_refunded: 4000,
          });
          assert.equal(
            (await hook(await signedEvent(SECRET, later))).status,
            200,
          );
          const rows = await app.db.sql<{ amount_cents: number }[]>`
          select p.amount_cents from public.payments p join public.bookings b on b.id = p.booking_id
          where b.reference = ${a.reference} and p.kind = 'refund' order by p.created_at`;
          assert.deepEqual(rows.map((r) => r.amount_cents), [2500, 1500]);
        },
      );

      await t.step(
        "abandoned Checkout expires an unpaid card booking → 409",
        async () => {
          const c = await book("18:00");
          const event = stripeEvent("checkout.session.expired", {
            id: "cs_test_abandoned",
            object: "checkout.session",
            client_reference_id: c.reference,
            metadata: { booking_reference: c.reference, kind: "deposit" },
            payment_status: "unpaid",
          });
          assert.equal(
            (await hook(await signedEvent(SECRET, event))).status,
            200,
          );
          assert.equal(
            (await bookingState(app, c.reference)).status,
            "expired",
          );
          const res = await pay({ ...c, kind: "deposit" });
          assert.equal(res.status, 409);
          assert.equal((await res.json()).error.code, "NOT_PAYABLE");
        },
      );

      await t.step("Stripe down → 503 with Retry-After", async () => {
        const d = await book("21:00");
        double.failWith = 500;
        try {
          const res = await pay({ ...d, kind: "deposit" });
          assert.equal(res.status, 503);
          assert.equal(res.headers.get("retry-after"), "30");
          assert.equal((await res.json()).error.code, "PAYMENTS_UNAVAILABLE");
        } finally {
          double.failWith = null;
        }
        assert.equal(
          (await bookingState(app, d.reference)).status,
          "pending_deposit",
        );
      });

      await t.step(
        "manage page: Pay deposit button → Stripe Checkout",
        async () => {
          const e = await book("18:00");
          const page = await app.fetch(
            `/manage/${e.reference}?token=${e.token}`,
          );
          const html = await page.text();
          assert.ok(html.includes('value="pay_deposit"'), "deposit button");
          assert.match(html, /Pay deposit \(\$100(\.00)?\)/);
          const form = new FormData();
          form.set("token", e.token);
          form.set("action", "pay_deposit");
          const res = await app.fetch(`/manage/${e.reference}`, {
            method: "POST",
            body: form,
            redirect: "manual",
          });
          assert.equal(res.status, 303);
          assert.ok(
            res.headers.get("location")?.startsWith(`${double.url}/pay/cs_`),
          );
          assert.equal(
            double.requests.at(-1)!.fields.client_reference_id,
            e.reference,
          );
          // A confirmed booking with a balance offers only the balance.
          const paid = stripeEvent(
            "checkout.session.completed",
            completedSession(e.reference, 10000),
          );
          assert.equal(
            (await hook(await signedEvent(SECRET, paid))).status,
            200,
          );
          const after = await (await app.fetch(
            `/manage/${e.reference}?token=${e.token}&checkout=success`,
          )).text();
          assert.ok(!after.includes('value="pay_deposit"'));
          assert.ok(after.includes('value="pay_balance"'));
          assert.ok(after.includes("Stripe received your card payment"));
        },
      );
    } finally {
      await app.dispose();
      await double.stop();
    }
  },
});
