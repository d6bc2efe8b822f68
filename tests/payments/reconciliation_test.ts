/**
 * `/admin/payments` (issue 12 item 7): the ledger by day and method and the
 * Stripe events tied out against it, mismatches flagged, failed card
 * refunds listed; RLS decides who sees what. Real HTTP, signed webhooks,
 * the Stripe double, a real staff session.
 *
 * @module
 */
import assert from "node:assert/strict";
import { startApp } from "../support/app.ts";
import {
  completedSession,
  signedEvent,
  startStripeDouble,
  stripeEvent,
} from "../support/stripe_double.ts";
import { bookingBody, postJson } from "../api/support.ts";
import {
  dateIn,
  daysAfter,
  nextWeekday,
  testInstant,
} from "../support/clock.ts";
import { signIn } from "../staff/support.ts";
import { privileged } from "../../lib/db/mod.ts";
import { sendStripeRefunds } from "../../lib/payments/refunds.ts";
import { stripeProblem } from "../../lib/payments/reconciliation.ts";

const SECRET = "whsec_test_reconciliation";

Deno.test("reconciliation: problem rules", () => {
  const base = {
    booking_reference: "MH-AAAAAA",
    object_id: "cs_1",
    latest: true,
  };
  const credit = {
    ...base,
    type: "checkout.session.completed",
    outcome: "credited",
  };
  assert.equal(
    stripeProblem({ ...credit, amount_cents: 100, ledger_cents: 100 }),
    null,
  );
  assert.match(
    stripeProblem({ ...credit, amount_cents: 100, ledger_cents: null })!,
    /No ledger row/,
  );
  assert.match(
    stripeProblem({ ...credit, amount_cents: 100, ledger_cents: 90 })!,
    /differs/,
  );
  const refund = {
    ...base,
    type: "charge.refunded",
    outcome: "refunded",
    amount_cents: 300,
  };
  assert.equal(stripeProblem({ ...refund, ledger_cents: 300 }), null);
  assert.match(stripeProblem({ ...refund, ledger_cents: 200 })!, /Refunds/);
  // An earlier cumulative report of the same charge is not a mismatch.
  assert.equal(
    stripeProblem({
      ...refund,
      amount_cents: 100,
      ledger_cents: 300,
      latest: false,
    }),
    null,
  );
});

Deno.test({
  name: "reconciliation: /admin/payments ties Stripe out against the ledger",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const now = testInstant("10:00");
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
        SUPABASE_URL: null,
      },
    });
    const hook = async (event: Record<string, unknown>) => {
      const res = await fetch(
        `${app.url}/functions/v1/stripe-webhook`,
        await signedEvent(SECRET, event, Math.floor(now.getTime() / 1000)),
      );
      assert.equal(res.status, 200);
      await res.body?.cancel();
    };
    try {
      const date = nextWeekday(6, daysAfter(now, 20));
      const res = await fetch(
        `${app.url}/api/bookings`,
        postJson(bookingBody(date, "18:00", { paymentMethod: "card" })),
      );
      assert.equal(res.status, 201);
      const b = await res.json();
      const paid = completedSession(b.reference, b.quote.depositCents);
      await hook(stripeEvent("checkout.session.completed", paid));
      // Stripe took money for a booking we do not know.
      await hook(stripeEvent(
        "checkout.session.completed",
        completedSession("MH-ZZZZZZ", 4200),
      ));
      // A card row in the ledger that no Stripe event backs.
      await privileged(app.db, (tx) =>
        tx`
        insert into public.payments (booking_id, kind, method, amount_cents, provider,
                                     provider_reference, idempotency_key)
        select id, 'balance', 'card', 700, 'stripe', 'pi_ghost', 'stripe:cs_ghost'
        from public.bookings where reference = ${b.reference}`);
      // A refund Stripe refuses.
      await privileged(app.db, (tx) =>
        tx`
        insert into public.refunds_due (booking_id, amount_cents, reason)
        select id, 500, 'test: goodwill' from public.bookings where reference = ${b.reference}`);
      double.failWith = 400;
      const run = await sendStripeRefunds(app.db, app.parts.payments!, now);
      assert.equal(run.failed, 1);
      double.failWith = null;

      const today = dateIn(now);
      const manager = await signIn(app, "manager@myhibachi.example");
      const page = await manager.fetch(`${app.url}/admin/payments`);
      assert.equal(page.status, 200);
      const html = await page.text();
      // The period defaults to the 30 days up to today.
      assert.match(html, new RegExp(`name="to" value="${today}"`));
      assert.match(
        html,
        new RegExp(`data-day="${today}" data-method="card"`),
      );
      const row = (object: string) =>
        html.match(new RegExp(`<tr[^>]*data-object="${object}"[^>]*>`))?.[0] ??
          "";
      assert.match(row(String(paid.id)), /data-problem="no"/);
      assert.match(row("cs_ghost"), /data-problem="yes"/);
      assert.ok(
        html.includes("Card payment in the ledger without a Stripe event."),
      );
      // The unknown booking's event is not a Fremont manager's to see.
      assert.ok(!html.includes("MH-ZZZZZZ"));
      assert.match(html, /data-mismatches="1"/);
      assert.match(
        html,
        new RegExp(`data-refund="${b.reference}" data-status="failed"`),
      );

      const admin = await signIn(app, "admin@myhibachi.example");
      const adminHtml = await (await admin.fetch(`${app.url}/admin/payments`))
        .text();
      assert.ok(
        adminHtml.includes(
          "Stripe reported this for no known booking: nothing is in the ledger.",
        ),
      );
      assert.match(adminHtml, /data-mismatches="2"/);

      const bad = await manager.fetch(
        `${app.url}/admin/payments?from=2026-02-30`,
      );
      assert.equal(bad.status, 422);
      assert.match(await bad.text(), /data-field="from"/);
      const reversed = await manager.fetch(
        `${app.url}/admin/payments?from=${today}&to=${daysAfter(now, -3)}`,
      );
      assert.equal(reversed.status, 422);
      await reversed.body?.cancel();

      const chef = await signIn(app, "chef1@myhibachi.example");
      const forbidden = await chef.fetch(`${app.url}/admin/payments`);
      assert.equal(forbidden.status, 403);
      await forbidden.body?.cancel();

      // Approving a cancellation on the booking page refunds the card
      // deposit through Stripe; the page says so and shows its state.
      double.webhook = {
        url: `${app.url}/functions/v1/stripe-webhook`,
        secret: SECRET,
        clock,
      };
      const c = await (await fetch(
        `${app.url}/api/bookings`,
        postJson(bookingBody(date, "12:00", { paymentMethod: "card" })),
      )).json();
      await hook(stripeEvent(
        "checkout.session.completed",
        completedSession(c.reference, c.quote.depositCents),
      ));
      const cancel = await fetch(
        `${app.url}/api/bookings/${c.reference}/cancel`,
        postJson({ token: new URL(c.manageUrl).searchParams.get("token") }),
      );
      assert.equal(cancel.status, 200);
      await cancel.body?.cancel();
      const detailUrl = `${app.url}/admin/bookings/${c.reference}`;
      const detail = await (await manager.fetch(detailUrl)).text();
      const form = detail.match(
        /<form[^>]*data-form="approve_cancellation"[^>]*>([\s\S]*?)<\/form>/,
      )?.[1] ?? "";
      const fields: Record<string, string> = {};
      for (const i of form.matchAll(/<input[^>]*>/g)) {
        const name = i[0].match(/name="([^"]+)"/)?.[1];
        const value = i[0].match(/value="([^"]*)"/)?.[1];
        if (name && value !== undefined) fields[name] = value;
      }
      assert.equal(fields.action, "approve_cancellation");
      const approved = await manager.fetch(detailUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields),
      });
      assert.equal(approved.status, 303, await approved.clone().text());
      await approved.body?.cancel();
      const back = new URL(approved.headers.get("location")!, app.url);
      assert.match(
        back.searchParams.get("notice") ?? "",
        /Status: cancelled\. Card refund sent to Stripe\./,
      );
      const after = await (await manager.fetch(back.href)).text();
      assert.match(after, /data-card-refund="succeeded"/);
    } finally {
      await app.dispose();
      await double.stop();
    }
  },
});
