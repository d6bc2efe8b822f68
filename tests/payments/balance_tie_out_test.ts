/**
 * `/admin/payments`: the card ledger tied out against Stripe's balance
 * transactions (issue 12 item 7). The matching rules as a pure function, then
 * the page against the Stripe double over real HTTP: matches, a charge the
 * ledger lacks, a ledger row Stripe lacks, a refund on both sides, a manager
 * (admins only), Stripe down (a notice, not a failed page).
 *
 * @module
 */
import assert from "node:assert/strict";
import { completedSession, stripeEvent } from "../support/stripe_double.ts";
import { startStripeApp } from "./support.ts";
import { bookingBody, postJson } from "../api/support.ts";
import { daysAfter, nextWeekday, testInstant } from "../support/clock.ts";
import { signIn } from "../staff/support.ts";
import { privileged } from "../../lib/db/mod.ts";
import { sendStripeRefunds } from "../../lib/payments/refunds.ts";
import {
  periodInstants,
  tieOutBalance,
} from "../../lib/payments/balance_tie_out.ts";
import type { BalanceTransaction } from "../../lib/payments/mod.ts";

const SECRET = "whsec_test_balance";

function bt(over: Partial<BalanceTransaction>): BalanceTransaction {
  return {
    id: "txn_1",
    kind: "charge",
    amountCents: 10_000,
    feeCents: 320,
    netCents: 9_680,
    created: new Date("2026-12-01T20:00:00Z"),
    paymentIntent: "pi_1",
    chargeId: "ch_1",
    ...over,
  };
}

Deno.test("balance tie-out: charges by PaymentIntent, refunds summed per charge", () => {
  const { lines, totals } = tieOutBalance(
    [
      bt({}),
      bt({ id: "txn_2", paymentIntent: "pi_2", chargeId: "ch_2" }),
      bt({
        id: "txn_3",
        kind: "refund",
        amountCents: -3_000,
        feeCents: 0,
        netCents: -3_000,
        chargeId: "ch_1",
      }),
      bt({
        id: "txn_4",
        kind: "refund",
        amountCents: -2_000,
        feeCents: 0,
        netCents: -2_000,
        chargeId: "ch_1",
      }),
    ],
    [
      {
        kind: "credit",
        amountCents: 10_000,
        providerReference: "pi_1",
        bookingReference: "MH-AAAAAA",
      },
      {
        kind: "credit",
        amountCents: 500,
        providerReference: "pi_ghost",
        bookingReference: "MH-BBBBBB",
      },
      // Two partial refunds, cumulative keys as the webhook writes them.
      {
        kind: "refund",
        amountCents: 3_000,
        providerReference: "ch_1:3000",
        bookingReference: "MH-AAAAAA",
      },
      {
        kind: "refund",
        amountCents: 2_000,
        providerReference: "ch_1:5000",
        bookingReference: "MH-AAAAAA",
      },
    ],
  );
  const by = (key: string) => lines.find((l) => l.key === key)!;
  assert.equal(by("pi_1").problem, null);
  assert.equal(by("pi_1").feeCents, 320);
  assert.match(by("pi_2").problem!, /ledger has no row/);
  assert.match(by("pi_ghost").problem!, /not in Stripe's balance/);
  assert.equal(by("ch_1").kind, "refund");
  assert.equal(by("ch_1").stripeCents, 5_000);
  assert.equal(by("ch_1").problem, null);
  assert.deepEqual(totals, {
    stripeChargesCents: 20_000,
    stripeRefundsCents: 5_000,
    stripeFeesCents: 640,
    stripeNetCents: 14_360,
    ledgerCreditsCents: 10_500,
    ledgerRefundsCents: 5_000,
  });
  // A refund amount that differs is flagged.
  const off = tieOutBalance([bt({
    kind: "refund",
    amountCents: -100,
    chargeId: "ch_9",
  })], [{
    kind: "refund",
    amountCents: 90,
    providerReference: "ch_9:90",
    bookingReference: "MH-CCCCCC",
  }]);
  assert.match(off.lines[0].problem!, /differ/);
});

Deno.test("balance tie-out: a period is whole Los Angeles days, across DST", () => {
  const { from, to } = periodInstants({ from: "2026-11-01", to: "2026-11-01" });
  // 1 November 2026 is the fall-back day: 25 hours long in Los Angeles.
  assert.equal(from.toISOString(), "2026-11-01T07:00:00.000Z");
  assert.equal(to.getTime() - from.getTime(), 25 * 3600_000);
});

Deno.test({
  name: "balance tie-out: /admin/payments against the Stripe double",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const now = testInstant("10:00");
    const clock = () => new Date(now.getTime());
    const { app, double, hook, dispose } = await startStripeApp(
      clock,
      SECRET,
    );
    try {
      const date = nextWeekday(6, daysAfter(now, 20));
      const b = await (await fetch(
        `${app.url}/api/bookings`,
        postJson(bookingBody(date, "18:00", { paymentMethod: "card" })),
      )).json();
      // Stripe takes the deposit, then tells the webhook.
      const paid = completedSession(b.reference, b.quote.depositCents);
      double.charge(String(paid.payment_intent), b.quote.depositCents);
      await hook(stripeEvent("checkout.session.completed", paid));
      // A partial refund through Stripe: its balance and, by the webhook,
      // the ledger both get it.
      await privileged(app.db, (tx) =>
        tx`
        insert into public.refunds_due (booking_id, amount_cents, reason)
        select id, 1500, 'test: goodwill' from public.bookings where reference = ${b.reference}`);
      const sent = await sendStripeRefunds(app.db, app.parts.payments!, now);
      assert.equal(sent.failed, 0);

      const admin = await signIn(app, "admin@myhibachi.example");
      const read = async () => {
        const res = await admin.fetch(`${app.url}/admin/payments`);
        assert.equal(res.status, 200);
        return await res.text();
      };
      let html = await read();
      assert.match(html, /data-balance="ok"/);
      assert.match(html, /data-balance-mismatches="0"/);
      const row = (key: string) =>
        html.match(new RegExp(`<tr[^>]*data-balance-key="${key}"[^>]*>`))
          ?.[0] ?? "";
      assert.match(row(String(paid.payment_intent)), /data-problem="no"/);
      const refundRow = html.match(
        /<tr[^>]*data-balance-key="(ch_[^"]+)"[^>]*>/,
      );
      assert.ok(refundRow, "the refund's charge has a line");
      assert.match(refundRow[0], /data-problem="no"/);

      // Money Stripe took that the ledger never heard of, and a ledger row
      // that Stripe's balance does not back.
      double.charge("pi_orphan", 2_500);
      await privileged(app.db, (tx) =>
        tx`
        insert into public.payments (booking_id, kind, method, amount_cents, provider,
                                     provider_reference, idempotency_key)
        select id, 'balance', 'card', 700, 'stripe', 'pi_ghost', 'stripe:cs_ghost'
        from public.bookings where reference = ${b.reference}`);
      html = await read();
      assert.match(html, /data-balance-mismatches="2"/);
      assert.match(row("pi_orphan"), /data-problem="yes"/);
      assert.match(row("pi_ghost"), /data-problem="yes"/);
      assert.ok(html.includes("the ledger has no row for it"));

      // A manager's ledger is their locations only: the tie-out is for admins.
      const manager = await signIn(app, "manager@myhibachi.example");
      const mhtml = await (await manager.fetch(`${app.url}/admin/payments`))
        .text();
      assert.match(mhtml, /data-balance="admins_only"/);
      assert.ok(!mhtml.includes("pi_orphan"));

      // Stripe down: the rest of the page still renders, with a notice.
      double.failWith = 500;
      const down = await admin.fetch(`${app.url}/admin/payments`);
      assert.equal(down.status, 200);
      const downHtml = await down.text();
      assert.match(downHtml, /data-balance="unavailable"/);
      assert.match(downHtml, /id="by-day"/);
    } finally {
      await dispose();
    }
  },
});
