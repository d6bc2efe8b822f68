/**
 * Refunds through Stripe (issue 12 item 4, ADR 0019) over real HTTP: the
 * app on a real server, Stripe played by tests/support/stripe_double.ts,
 * which announces each refund with a signed `charge.refunded` POSTed to the
 * app's `stripe-webhook`. The app runs on an injected clock; webhook
 * signatures are made at that clock.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { TestApp } from "../support/app.ts";
import { completedSession, stripeEvent } from "../support/stripe_double.ts";
import { startStripeApp } from "./support.ts";
import { bookingBody, postJson } from "../api/support.ts";
import { daysAfter, nextWeekday, testInstant } from "../support/clock.ts";
import { staffApi } from "../staff/api_support.ts";
import { SignJWT } from "jose";
import { USERS } from "../db/fixtures.ts";
import { LOCAL_JWT_SECRET } from "../../local/keys.ts";
import { runJobsOnce } from "../../lib/jobs/mod.ts";

const SECRET = "whsec_test_refunds_secret";

interface Ledger {
  status: string;
  paid: number;
  refunds: number;
  refundDueOpen: number;
}

async function ledger(app: TestApp, reference: string): Promise<Ledger> {
  const [r] = await app.db.sql<Ledger[]>`
    select b.status,
      coalesce((select sum(case when p.kind = 'refund' then -p.amount_cents else p.amount_cents end)
                from public.payments p where p.booking_id = b.id), 0)::int as paid,
      (select count(*)::int from public.payments p where p.booking_id = b.id and p.kind = 'refund') as refunds,
      coalesce((select sum(r.amount_cents - r.settled_cents) from public.refunds_due r
                where r.booking_id = b.id and r.status = 'due'), 0)::int as "refundDueOpen"
    from public.bookings b where b.reference = ${reference}`;
  return { ...r };
}

async function stripeRefundRows(app: TestApp, reference: string) {
  return await app.db.sql<
    {
      status: string;
      amount_cents: number;
      payment_intent: string;
      idempotency_key: string;
      attempts: number;
      stripe_refund_id: string | null;
    }[]
  >`
    select r.status, r.amount_cents, r.payment_intent, r.idempotency_key, r.attempts, r.stripe_refund_id
    from public.stripe_refunds r join public.bookings b on b.id = r.booking_id
    where b.reference = ${reference} order by r.created_at`;
}

/**
 * The manager's access token as the auth server signs it, issued at the
 * app's clock (the Staff API verifies expiry against that clock; the
 * embedded auth stand-in issues on the real one).
 */
async function managerToken(now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return await new SignJWT({
    sub: USERS.manager,
    role: "authenticated",
    aud: "authenticated",
    email: "manager@myhibachi.example",
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(new TextEncoder().encode(LOCAL_JWT_SECRET));
}

Deno.test({
  name: "stripe refunds: approved cancellation refunds the card deposit once",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    let now = testInstant("10:00");
    const clock = () => new Date(now.getTime());
    const { app, double, hook, dispose } = await startStripeApp(
      clock,
      SECRET,
    );
    /**
     * Books by card (or Zelle) on the first Saturday after `days` ahead, or
     * on exactly that day with `exactDay` (any weekday has Fremont chefs).
     */
    const book = async (
      days: number,
      method: "card" | "zelle" = "card",
      exactDay = false,
    ) => {
      const date = exactDay
        ? daysAfter(now, days)
        : nextWeekday(6, daysAfter(now, days));
      const res = await fetch(
        `${app.url}/api/bookings`,
        postJson(bookingBody(date, "18:00", { paymentMethod: method })),
      );
      assert.equal(res.status, 201, await res.clone().text());
      const b = await res.json();
      return {
        reference: b.reference as string,
        token: new URL(b.manageUrl).searchParams.get("token") ?? "",
        deposit: b.quote.depositCents as number,
      };
    };
    const payByCard = async (reference: string, amount: number) => {
      const session = completedSession(reference, amount);
      await hook(stripeEvent("checkout.session.completed", session));
      return session.payment_intent as string;
    };
    const requestCancel = async (b: { reference: string; token: string }) => {
      const res = await fetch(
        `${app.url}/api/bookings/${b.reference}/cancel`,
        postJson({ token: b.token, reason: "Plans changed" }),
      );
      assert.equal(res.status, 200, await res.clone().text());
      await res.body?.cancel();
    };
    try {
      const manager = staffApi(app, await managerToken(now));
      const approve = (reference: string) =>
        manager("POST", `/bookings/${reference}/actions`, {
          action: "approve_cancellation",
        });

      const a = await book(21);
      let piA = "";
      await t.step(
        "in time: approval refunds the deposit through Stripe",
        async () => {
          piA = await payByCard(a.reference, a.deposit);
          assert.equal((await ledger(app, a.reference)).status, "confirmed");
          await requestCancel(a);
          const res = await approve(a.reference);
          assert.equal(res.status, 200, JSON.stringify(res.body));
          assert.equal(res.body.status, "cancelled");
          assert.equal(res.body.refundDue.amount_cents, a.deposit);
          assert.deepEqual(res.body.stripeRefund, {
            requested: 1,
            retried: 0,
            failed: 0,
          });
          const sent = double.requests.filter((r) => r.path === "/v1/refunds");
          assert.equal(sent.length, 1);
          assert.equal(sent[0].fields.payment_intent, piA);
          assert.equal(sent[0].fields.amount, String(a.deposit));
          assert.equal(
            sent[0].fields["metadata[booking_reference]"],
            a.reference,
          );
          assert.match(
            sent[0].idempotencyKey ?? "",
            new RegExp(`^refund:${a.reference}:`),
          );
          // The ledger row came with the webhook, not with the API answer.
          assert.deepEqual(double.deliveries, [
            { type: "charge.refunded", status: 200 },
          ]);
          assert.deepEqual(await ledger(app, a.reference), {
            status: "cancelled",
            paid: 0,
            refunds: 1,
            refundDueOpen: 0,
          });
          const detail = await manager("GET", `/bookings/${a.reference}`);
          assert.equal(detail.status, 200);
          assert.deepEqual(detail.body.refundsDue[0].card, {
            amountCents: a.deposit,
            status: "succeeded",
          });
          const rows = await stripeRefundRows(app, a.reference);
          assert.equal(rows.length, 1);
          assert.equal(rows[0].status, "succeeded");
          assert.equal(rows[0].amount_cents, a.deposit);
          assert.ok(rows[0].stripe_refund_id?.startsWith("re_"));
          const audit = await app.db.sql`
          select action, actor from public.audit_log
          where details ->> 'reference' = ${a.reference} order by id`;
          assert.deepEqual(
            audit.map((r) => [r.action, r.actor]),
            [
              ["booking.created", "customer"],
              ["booking.approve_cancellation", "staff"],
              ["refund.stripe_requested", "system"],
            ],
          );
        },
      );

      await t.step(
        "jobs, replays and a second approval refund nothing more",
        async () => {
          const tick = await runJobsOnce({
            db: app.db,
            now: clock,
            payments: app.parts.payments,
          });
          assert.deepEqual(tick.errors, []);
          assert.equal(tick.refundsRequested, 0);
          const again = await approve(a.reference);
          assert.equal(again.status, 409);
          assert.equal(again.body.error.code, "INVALID_TRANSITION");
          assert.equal(double.refunds.size, 1);
          // Stripe repeats charge.refunded (a new event id, same cumulative amount).
          await hook(stripeEvent("charge.refunded", {
            id: "ch_again",
            object: "charge",
            payment_intent: piA,
            amount_refunded: a.deposit,
            metadata: { booking_reference: a.reference },
          }));
          assert.equal((await ledger(app, a.reference)).refunds, 1);
        },
      );

      await t.step(
        "Stripe down at approval: retried by the job, refunded once",
        async () => {
          const b = await book(28);
          const piB = await payByCard(b.reference, b.deposit);
          await requestCancel(b);
          double.failWith = 503;
          const res = await approve(b.reference);
          assert.equal(res.status, 200, JSON.stringify(res.body));
          assert.equal(res.body.status, "cancelled");
          assert.deepEqual(res.body.stripeRefund, {
            requested: 0,
            retried: 1,
            failed: 0,
          });
          let rows = await stripeRefundRows(app, b.reference);
          const detail = await manager("GET", `/bookings/${b.reference}`);
          assert.equal(detail.body.refundsDue[0].card.status, "queued");
          assert.equal(rows[0].status, "queued");
          assert.equal(
            (await ledger(app, b.reference)).refundDueOpen,
            b.deposit,
          );

          // Not due yet at the same instant: nothing is sent.
          const calls = double.requests.length;
          double.failWith = null;
          const early = await runJobsOnce({
            db: app.db,
            now: clock,
            payments: app.parts.payments,
          });
          assert.equal(early.refundsRequested, 0);
          assert.equal(double.requests.length, calls);

          now = new Date(now.getTime() + 61_000);
          const later = await runJobsOnce({
            db: app.db,
            now: clock,
            payments: app.parts.payments,
          });
          assert.deepEqual(later.errors, []);
          assert.equal(later.refundsRequested, 1);
          rows = await stripeRefundRows(app, b.reference);
          assert.equal(rows[0].status, "succeeded");
          assert.equal(rows[0].attempts, 2);
          const refundsOfB = [...double.refunds.values()].filter((r) =>
            r.paymentIntent === piB
          );
          assert.deepEqual(refundsOfB, [{
            paymentIntent: piB,
            amount: b.deposit,
          }]);
          assert.deepEqual(await ledger(app, b.reference), {
            status: "cancelled",
            paid: 0,
            refunds: 1,
            refundDueOpen: 0,
          });
        },
      );

      await t.step(
        "late cancellation: the deposit is kept, Stripe is not called",
        async () => {
          // 18:00 three days on is ~80 hours ahead whatever the weekday:
          // bookable (over 48) and late (under 96). The first Saturday after
          // two days on was late only on Wednesdays.
          const c = await book(3, "card", true);
          await payByCard(c.reference, c.deposit);
          await requestCancel(c);
          const before = double.requests.length;
          const res = await approve(c.reference);
          assert.equal(res.status, 200, JSON.stringify(res.body));
          assert.equal(res.body.refundDue, null);
          assert.equal(res.body.stripeRefund, null);
          assert.equal(double.requests.length, before);
          assert.equal((await ledger(app, c.reference)).paid, c.deposit);
        },
      );

      await t.step(
        "Zelle deposit: the refund due stays for staff",
        async () => {
          const d = await book(35, "zelle");
          const paid = await manager(
            "POST",
            `/bookings/${d.reference}/payments`,
            { method: "zelle", amountCents: d.deposit },
            { "idempotency-key": `zelle-${d.reference}` },
          );
          assert.equal(paid.status, 201, JSON.stringify(paid.body));
          await requestCancel(d);
          const before = double.requests.length;
          const res = await approve(d.reference);
          assert.equal(res.status, 200, JSON.stringify(res.body));
          assert.deepEqual(res.body.stripeRefund, {
            requested: 0,
            retried: 0,
            failed: 0,
          });
          assert.equal(double.requests.length, before);
          assert.equal((await stripeRefundRows(app, d.reference)).length, 0);
          assert.equal(
            (await ledger(app, d.reference)).refundDueOpen,
            d.deposit,
          );
        },
      );

      await t.step(
        "refund.failed: the request is failed and audited",
        async () => {
          const [row] = await stripeRefundRows(app, a.reference);
          await hook(stripeEvent("refund.failed", {
            id: row.stripe_refund_id,
            object: "refund",
            payment_intent: piA,
            status: "failed",
            failure_reason: "expired_or_canceled_card",
            metadata: { booking_reference: a.reference },
          }));
          const [after] = await stripeRefundRows(app, a.reference);
          assert.equal(after.status, "failed");
          const [audit] = await app.db.sql`
          select details from public.audit_log
          where action = 'refund.stripe_failed' and details ->> 'reference' = ${a.reference}`;
          assert.equal(audit.details.reason, "expired_or_canceled_card");
          const [ev] = await app.db.sql`
          select outcome from public.stripe_events where type = 'refund.failed'`;
          assert.equal(ev.outcome, "refund_failed");
        },
      );
    } finally {
      await dispose();
    }
  },
});
