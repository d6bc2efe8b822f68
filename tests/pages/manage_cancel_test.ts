/**
 * The manage page's cancellation (issue 14 item 7, ADR 0027) through real
 * HTTP, without JavaScript: the first submit only shows what the policy
 * refunds and asks to confirm; the confirm submit requests the cancellation
 * and queues the customer's mail and an alert to each manager of the
 * booking's location.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { TestApp } from "../support/app.ts";
import { daysAfter, fixedClock, testInstant } from "../support/clock.ts";
import { bookingBody, postJson } from "../api/support.ts";
import { fetchHtml, forms, pagesApp } from "./support.ts";
import { renderNotification } from "../../lib/notifications/templates.ts";
import { textOfHtml as text } from "../support/html.ts";

const NOW = testInstant("12:00");

async function book(
  app: TestApp,
  date: string,
  paidCents: number[],
): Promise<{ reference: string; token: string; path: string }> {
  const res = await app.fetch(
    "/api/bookings",
    postJson(bookingBody(date, "18:00")),
  );
  assert.equal(res.status, 201);
  const b = await res.json();
  const url = new URL(b.manageUrl);
  for (const [i, cents] of paidCents.entries()) {
    await app.db
      .sql`insert into public.payments (booking_id, kind, method, amount_cents)
      select id, ${i === 0 ? "deposit" : "balance"}, 'zelle', ${cents}
      from public.bookings where reference = ${b.reference}`;
  }
  return {
    reference: b.reference,
    token: url.searchParams.get("token") ?? "",
    path: url.pathname,
  };
}

function post(app: TestApp, path: string, body: Record<string, string>) {
  return fetchHtml(app, path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(body).toString(),
  });
}

async function statusOf(app: TestApp, reference: string): Promise<string> {
  const [row] = await app.db.sql<{ status: string }[]>`
    select status from public.bookings where reference = ${reference}`;
  return row.status;
}

async function cancellationMail(app: TestApp, reference: string) {
  return await app.db.sql<
    { recipient: string; payload: Record<string, unknown> }[]
  >`
    select n.recipient, n.payload from public.notifications n
    join public.bookings b on b.id = n.booking_id
    where b.reference = ${reference} and n.kind = 'cancellation_requested'
    order by n.seq`;
}

Deno.test({
  name: "manage page: cancellation asks to confirm and states the refund",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app = await pagesApp({ clock: fixedClock(NOW) });
    try {
      await t.step(
        "in time (≥ 96 h): everything paid comes back; confirm requests it and alerts the manager",
        async () => {
          const b = await book(app, daysAfter(NOW, 10), [10000, 5000]);
          const manage = `${b.path}?token=${encodeURIComponent(b.token)}`;
          const page = await fetchHtml(app, manage);
          assert.equal(page.res.status, 200);
          assert.match(
            text(page.html),
            /deposit is refunded and you get back \$150/,
          );

          const ask = await post(app, b.path, {
            token: b.token,
            action: "cancel",
            reason: "plans <changed>",
          });
          assert.equal(ask.res.status, 200);
          assert.equal(ask.res.headers.get("cache-control"), "no-store");
          assert.match(ask.html, /data-confirm-cancel/);
          assert.match(ask.html, /Are you sure you want to cancel\?/);
          assert.match(ask.html, /data-refund-cents="15000"/);
          assert.match(
            text(ask.html),
            /Refund if a manager approves: \$150/,
          );
          // Nothing changed yet: no request, no mail.
          assert.equal(await statusOf(app, b.reference), "confirmed");
          assert.equal((await cancellationMail(app, b.reference)).length, 0);
          // The confirm form carries the reason; the reschedule form is gone.
          const confirm = forms(ask.html).find((f) =>
            /value="confirm_cancel"/.test(f.body)
          );
          assert.ok(confirm);
          assert.match(
            confirm.body,
            /name="reason" value="plans &lt;changed(&gt;|>)"/,
          );
          assert.match(ask.html, new RegExp(`href="${b.path}\\?token=`));
          assert.equal(
            forms(ask.html).some((f) => /value="reschedule"/.test(f.body)),
            false,
          );

          const done = await post(app, b.path, {
            token: b.token,
            action: "confirm_cancel",
            reason: "plans <changed>",
          });
          assert.equal(done.res.status, 303);
          const after = await fetchHtml(
            app,
            done.res.headers.get("location")!,
          );
          assert.match(after.html, /We received your cancellation request/);
          assert.match(
            after.html,
            /data-booking-status="cancellation_requested"/,
          );
          assert.equal(
            await statusOf(app, b.reference),
            "cancellation_requested",
          );

          const mail = await cancellationMail(app, b.reference);
          assert.deepEqual(
            mail.map((m) => [m.recipient, m.payload.audience]),
            [
              ["pat@example.com", "customer"],
              ["manager@myhibachi.example", "staff"],
            ],
          );
          assert.equal(mail[1].payload.reason, "plans <changed>");
          const staff = renderNotification(
            "cancellation_requested",
            mail[1].payload,
            { baseUrl: "https://myhibachi.test" },
          );
          assert.match(staff.subject, /^Cancellation requested: MH-/);
          assert.match(staff.text, /Reason given: plans <changed>/);
          assert.match(staff.html, /plans &lt;changed&gt;/);
          assert.match(staff.text, /Paid so far: \$150/);
          const customer = renderNotification(
            "cancellation_requested",
            mail[0].payload,
          );
          assert.match(customer.subject, /^Cancellation request received/);

          // A second round changes nothing and says why.
          const again = await post(app, b.path, {
            token: b.token,
            action: "confirm_cancel",
          });
          assert.equal(again.res.status, 422);
          assert.match(again.html, /cannot be cancelled online/);
          const askAgain = await post(app, b.path, {
            token: b.token,
            action: "cancel",
          });
          assert.equal(askAgain.res.status, 422);
          assert.doesNotMatch(askAgain.html, /data-confirm-cancel/);
          assert.equal((await cancellationMail(app, b.reference)).length, 2);
        },
      );

      await t.step(
        "late (< 96 h): the deposit is kept, money beyond it comes back",
        async () => {
          const b = await book(app, daysAfter(NOW, 3), [10000, 5000]);
          const ask = await post(app, b.path, {
            token: b.token,
            action: "cancel",
          });
          assert.equal(ask.res.status, 200);
          assert.match(ask.html, /data-refund-cents="5000"/);
          assert.match(
            text(ask.html),
            /forfeits the deposit \(\$100 kept\) and you get back the \$50 paid beyond it/,
          );
          assert.equal(await statusOf(app, b.reference), "confirmed");
        },
      );

      await t.step(
        "unpaid: nothing to refund; a wrong token is a 404 and changes nothing",
        async () => {
          const b = await book(app, daysAfter(NOW, 12), []);
          const ask = await post(app, b.path, {
            token: b.token,
            action: "cancel",
          });
          assert.equal(ask.res.status, 200);
          assert.match(ask.html, /data-refund-cents="0"/);
          assert.match(text(ask.html), /You have paid nothing yet/);
          for (const action of ["cancel", "confirm_cancel"]) {
            const wrong = await post(app, b.path, {
              token: "x".repeat(43),
              action,
            });
            assert.equal(wrong.res.status, 404);
          }
          assert.equal(await statusOf(app, b.reference), "pending_deposit");
          assert.equal((await cancellationMail(app, b.reference)).length, 0);
        },
      );
    } finally {
      await app.dispose();
    }
  },
});
