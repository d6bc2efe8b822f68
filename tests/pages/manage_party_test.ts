/**
 * Guests and menu from the manage page (issue 14 item 7, ADR 0027) through
 * real HTTP without JavaScript: the first submit shows the new price from the
 * staff party-edit quote and the difference to pay or refund, the confirm
 * submit saves it; after the SPEC cutoffs (guests 24 h, menu 12 h) it is
 * refused with a clear message and nothing changes.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { TestApp } from "../support/app.ts";
import {
  dateIn,
  daysAfter,
  fixedClock,
  testInstant,
} from "../support/clock.ts";
import { bookingBody, postJson, quoteBody } from "../api/support.ts";
import { fetchHtml, forms, pagesApp } from "./support.ts";
import { textOfHtml as text } from "../support/html.ts";

// 20:00 in Los Angeles: tomorrow's 12:00 party is 16 h away (guests final,
// menu still open) and tonight's 21:00 party is within both cutoffs.
const NOW = testInstant("20:00");

async function book(app: TestApp, date: string) {
  const res = await app.fetch(
    "/api/bookings",
    postJson(bookingBody(date, "18:00")),
  );
  assert.equal(res.status, 201);
  const b = await res.json();
  const url = new URL(b.manageUrl);
  return {
    reference: b.reference as string,
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

async function row(app: TestApp, reference: string) {
  const [r] = await app.db.sql<
    { adults: number; total_cents: number; proteins: Record<string, number> }[]
  >`select adults, total_cents, proteins from public.bookings where reference = ${reference}`;
  return { ...r };
}

async function quotedTotal(
  app: TestApp,
  over: Record<string, unknown>,
): Promise<number> {
  const res = await app.fetch("/api/quote", postJson(quoteBody(over)));
  assert.equal(res.status, 200);
  return (await res.json()).totalCents;
}

Deno.test({
  name:
    "manage page: guests and menu change with a new quote until the cutoffs",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app = await pagesApp({ clock: fixedClock(NOW) });
    try {
      const b = await book(app, daysAfter(NOW, 10));
      const twelve = { adults: 12, proteins: { chicken: 12, steak: 12 } };
      const twelveFields = {
        adults: "12",
        "proteins.chicken": "12",
        "proteins.steak": "12",
      };

      await t.step("the form shows the booked party", async () => {
        const page = await fetchHtml(
          app,
          `${b.path}?token=${encodeURIComponent(b.token)}`,
        );
        assert.equal(page.res.status, 200);
        const form = forms(page.html).find((f) =>
          /value="preview_party"/.test(f.body)
        );
        assert.ok(form);
        assert.match(form.body, /name="adults"[^>]*value="10"/);
        assert.match(form.body, /name="proteins\.chicken"[^>]*value="10"/);
      });

      await t.step(
        "preview prices with the same quote, changes nothing; confirm saves",
        async () => {
          const before = await row(app, b.reference);
          const expected = await quotedTotal(app, twelve);
          assert.ok(expected > before.total_cents);
          const preview = await post(app, b.path, {
            token: b.token,
            action: "preview_party",
            ...twelveFields,
          });
          assert.equal(preview.res.status, 200);
          assert.match(preview.html, /data-party-preview/);
          assert.match(
            preview.html,
            new RegExp(`data-new-total="${expected}"`),
          );
          assert.match(
            preview.html,
            new RegExp(`data-change-cents="${expected - before.total_cents}"`),
          );
          assert.match(
            preview.html,
            new RegExp(`data-to-pay-cents="${expected}"`),
          );
          assert.deepEqual(await row(app, b.reference), before);

          const confirm = forms(preview.html).find((f) =>
            /value="change_party"/.test(f.body)
          );
          assert.ok(confirm);
          assert.match(confirm.body, /name="adults" value="12"/);
          const done = await post(app, b.path, {
            token: b.token,
            action: "change_party",
            ...twelveFields,
          });
          assert.equal(done.res.status, 303);
          assert.match(done.res.headers.get("location")!, /done=party/);
          const after = await row(app, b.reference);
          assert.equal(after.adults, 12);
          assert.equal(after.total_cents, expected);
          assert.deepEqual(after.proteins, { chicken: 12, steak: 12 });
          const [event] = await app.db.sql`
            select e.type, e.actor from public.booking_events e
            join public.bookings b on b.id = e.booking_id
            where b.reference = ${b.reference} and e.type = 'party_changed'`;
          assert.deepEqual({ ...event }, {
            type: "party_changed",
            actor: "customer",
          });
          const page = await fetchHtml(app, done.res.headers.get("location")!);
          assert.match(page.html, /guests and menu have been updated/);
        },
      );

      await t.step(
        "fewer guests after paying in full: the difference is refunded",
        async () => {
          const { total_cents } = await row(app, b.reference);
          await app.db.sql`
            insert into public.payments (booking_id, kind, method, amount_cents)
            select id, 'deposit', 'zelle', ${total_cents} from public.bookings
            where reference = ${b.reference}`;
          const ten = await quotedTotal(app, {});
          const preview = await post(app, b.path, {
            token: b.token,
            action: "preview_party",
            adults: "10",
            "proteins.chicken": "10",
            "proteins.steak": "10",
          });
          assert.equal(preview.res.status, 200);
          assert.match(
            preview.html,
            new RegExp(`data-refund-cents="${total_cents - ten}"`),
          );
          assert.match(text(preview.html), /we refund it to you/);
          // Confirmed, the difference becomes a refund due for staff.
          const done = await post(app, b.path, {
            token: b.token,
            action: "change_party",
            adults: "10",
            "proteins.chicken": "10",
            "proteins.steak": "10",
          });
          assert.equal(done.res.status, 303);
          const due = await app.db.sql<{ amount_cents: number }[]>`
            select r.amount_cents from public.refunds_due r
            join public.bookings b on b.id = r.booking_id
            where b.reference = ${b.reference} and r.status = 'due'`;
          assert.deepEqual(due.map((r) => r.amount_cents), [total_cents - ten]);
          // Back to twelve: more to pay, no further refund.
          const back = await post(app, b.path, {
            token: b.token,
            action: "change_party",
            ...twelveFields,
          });
          assert.equal(back.res.status, 303);
          const dueAfter = await app.db.sql`
            select 1 from public.refunds_due r join public.bookings b on b.id = r.booking_id
            where b.reference = ${b.reference}`;
          assert.equal(dueAfter.length, 1);
        },
      );

      await t.step(
        "bad input: 422 with the field, nothing changes",
        async () => {
          const before = await row(app, b.reference);
          const bad = await post(app, b.path, {
            token: b.token,
            action: "change_party",
            adults: "abc",
            "proteins.chicken": "12",
            "proteins.steak": "12",
          });
          assert.equal(bad.res.status, 422);
          assert.match(bad.html, /href="#f-adults"/);
          const mismatch = await post(app, b.path, {
            token: b.token,
            action: "change_party",
            adults: "14",
            "proteins.chicken": "12",
            "proteins.steak": "12",
          });
          assert.equal(mismatch.res.status, 422);
          const same = await post(app, b.path, {
            token: b.token,
            action: "preview_party",
            ...twelveFields,
          });
          assert.equal(same.res.status, 422);
          assert.match(same.html, /unchanged/);
          const wrong = await post(app, b.path, {
            token: "x".repeat(43),
            action: "change_party",
            adults: "10",
            "proteins.chicken": "10",
            "proteins.steak": "10",
          });
          assert.equal(wrong.res.status, 404);
          assert.deepEqual(await row(app, b.reference), before);
        },
      );

      await t.step(
        "after the cutoffs: refused with a clear message",
        async () => {
          // Move two bookings close to the event (the minimum lead time
          // keeps them from being booked there).
          const soon = await book(app, daysAfter(NOW, 11));
          const tonight = await book(app, daysAfter(NOW, 12));
          await app.db.sql`update public.bookings set event_date = ${
            daysAfter(NOW, 1)
          }::date, slot_time = '12:00' where reference = ${soon.reference}`;
          await app.db.sql`update public.bookings set event_date = ${
            dateIn(NOW)
          }::date, slot_time = '21:00' where reference = ${tonight.reference}`;

          // 16 h before: the guest count is final, the menu is not.
          const guests = await post(app, soon.path, {
            token: soon.token,
            action: "preview_party",
            adults: "12",
            "proteins.chicken": "12",
            "proteins.steak": "12",
          });
          assert.equal(guests.res.status, 422);
          assert.match(
            text(guests.html),
            /The guest count is final 24 hours before the event, so this change can no longer be made online/,
          );
          const menu = await post(app, soon.path, {
            token: soon.token,
            action: "preview_party",
            adults: "10",
            "proteins.chicken": "5",
            "proteins.steak": "15",
          });
          assert.equal(menu.res.status, 200);
          assert.match(menu.html, /data-party-preview/);

          // 1 h before: both final; the page says so instead of a form.
          const page = await fetchHtml(
            app,
            `${tonight.path}?token=${encodeURIComponent(tonight.token)}`,
          );
          assert.match(page.html, /data-party-final/);
          assert.equal(
            forms(page.html).some((f) => /value="preview_party"/.test(f.body)),
            false,
          );
          const late = await post(app, tonight.path, {
            token: tonight.token,
            action: "change_party",
            adults: "10",
            "proteins.chicken": "5",
            "proteins.steak": "15",
          });
          assert.equal(late.res.status, 422);
          assert.match(text(late.html), /The menu is final 12 hours before/);
          assert.deepEqual((await row(app, tonight.reference)).proteins, {
            chicken: 10,
            steak: 10,
          });
        },
      );
    } finally {
      await app.dispose();
    }
  },
});
