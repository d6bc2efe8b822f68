/**
 * Customer mail in the order things happened, exactly once across two
 * workers, and the reminders the jobs tick queues on the injected clock
 * (issue 12 item 6, ADR 0020). Real database, the real booking API, the
 * outbox worker with a recording mailer; time only from the fake clock.
 */
import assert from "node:assert/strict";
import { startApp, type TestApp } from "../support/app.ts";
import { bookingBody, postJson } from "../api/support.ts";
import {
  daysAfter,
  instantAt,
  nextWeekday,
  outboxTestInstant,
} from "../support/clock.ts";
import type { MailMessage } from "../../lib/mail/types.ts";
import { drainOutbox, RETRY_BASE_MS } from "../../lib/notifications/mod.ts";
import { runJobsOnce } from "../../lib/jobs/mod.ts";

const HOUR = 3_600_000;
const CUSTOMER = "order@example.com";

/** A mailer that records what it sent and can refuse chosen messages. */
function recordingMailer(refuse: (m: MailMessage) => boolean = () => false) {
  const sent: MailMessage[] = [];
  return {
    sent,
    send(m: MailMessage): Promise<void> {
      if (refuse(m)) return Promise.reject(new Error("mail server said no"));
      sent.push(m);
      return Promise.resolve();
    },
  };
}

async function book(
  app: TestApp,
  date: string,
): Promise<{ id: string; reference: string }> {
  const res = await app.fetch(
    "/api/bookings",
    postJson(bookingBody(date, "18:00", {
      customer: {
        name: "Ora Order",
        email: CUSTOMER,
        phone: "+1 510 555 0101",
      },
    })),
  );
  assert.equal(res.status, 201, await res.clone().text());
  const b = await res.json();
  const [row] = await app.db.sql<{ id: string }[]>`
    select id from public.bookings where reference = ${b.reference}`;
  return { id: row.id, reference: b.reference };
}

async function kindsOf(app: TestApp, bookingId: string): Promise<string[]> {
  const rows = await app.db.sql<{ kind: string }[]>`
    select kind from public.notifications
    where booking_id = ${bookingId} and recipient = ${CUSTOMER} order by seq`;
  return rows.map((r) => r.kind);
}

Deno.test({
  name:
    "notifications: a booking's mail goes out in order, once, across two workers",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    let now = outboxTestInstant("10:00");
    const clock = () => new Date(now.getTime());
    const app = await startApp({ clock, env: { RATE_LIMITS: "off" } });
    try {
      const b = await book(app, nextWeekday(6, daysAfter(now, 14)));
      // A mail scheduled for much later holds nothing back until its time.
      await app.db.sql`
        insert into public.notifications (kind, recipient, booking_id, payload, send_after)
        select 'booking_confirmed', ${CUSTOMER}, ${b.id}, payload, ${new Date(
        now.getTime() + 10 * 24 * 3_600_000,
      )}
        from public.notifications where booking_id = ${b.id} and recipient = ${CUSTOMER}`;
      // What happens next, each change in its own transaction.
      await app.db.sql`
        insert into public.payments (booking_id, kind, method, amount_cents, provider_reference)
        select id, 'deposit', 'zelle', deposit_cents, 'zelle-order-1' from public.bookings where id = ${b.id}`;
      await app.db
        .sql`update public.bookings set status = 'cancellation_requested' where id = ${b.id}`;
      await app.db
        .sql`update public.bookings set status = 'confirmed' where id = ${b.id}`;
      await app.db.sql`
        insert into public.payments (booking_id, kind, method, amount_cents, provider_reference)
        values (${b.id}, 'balance', 'cash', 5000, 'cash-order-1')`;
      await app.db.sql`
        insert into public.payments (booking_id, kind, method, amount_cents, provider_reference)
        values (${b.id}, 'refund', 'cash', 1000, 'cash-order-refund-1')`;
      const expected = [
        "booking_created",
        "booking_confirmed", // scheduled for later
        "booking_confirmed", // the confirming deposit is not announced twice
        "cancellation_requested",
        "cancellation_rejected",
        "payment_received",
        "refund_issued",
      ];
      assert.deepEqual(await kindsOf(app, b.id), expected);

      // The first customer mail fails once: nothing after it may overtake it.
      let refusedOnce = false;
      const mailer = recordingMailer((m) => {
        if (m.to === CUSTOMER && !refusedOnce) {
          refusedOnce = true;
          return true;
        }
        return false;
      });
      const opts = { mailer, now: clock, baseUrl: app.url };
      const first = await drainOutbox(app.db, opts);
      assert.equal(first.retried, 1);
      assert.deepEqual(mailer.sent.filter((m) => m.to === CUSTOMER), []);
      // Still held back at the same instant.
      await drainOutbox(app.db, opts);
      assert.deepEqual(mailer.sent.filter((m) => m.to === CUSTOMER), []);

      // After the retry delay, two workers drain at once.
      now = new Date(now.getTime() + RETRY_BASE_MS);
      await Promise.all([drainOutbox(app.db, opts), drainOutbox(app.db, opts)]);
      await drainOutbox(app.db, opts);
      const subjects = mailer.sent.filter((m) => m.to === CUSTOMER).map((m) =>
        m.subject
      );
      assert.deepEqual(subjects, [
        `Booking received: ${b.reference} (deposit due)`,
        `Confirmed: your hibachi party ${b.reference}`,
        `Cancellation request received: ${b.reference}`,
        `Your booking stays on: ${b.reference}`,
        `Payment received: ${b.reference}`,
        `Refund issued: ${b.reference}`,
      ]);
      const payment = mailer.sent.find((m) =>
        m.subject.startsWith("Payment received")
      )!;
      assert.match(payment.text, /we received \$50(\.00)? \(cash\)/);
      const [{ unsent }] = await app.db.sql<{ unsent: number }[]>`
        select count(*)::int as unsent from public.notifications
        where booking_id = ${b.id} and status <> 'sent'`;
      assert.equal(unsent, 1, "only the mail scheduled for later is left");
    } finally {
      await app.dispose();
    }
  },
});

Deno.test({
  name:
    "notifications: deposit and event reminders on the injected clock, once each",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    let now = outboxTestInstant("10:00");
    const clock = () => new Date(now.getTime());
    const app = await startApp({ clock, env: { RATE_LIMITS: "off" } });
    const tick = async () => {
      const r = await runJobsOnce({ db: app.db, now: clock });
      assert.deepEqual(r.errors, []);
      return r;
    };
    try {
      const date = nextWeekday(6, daysAfter(now, 10));
      const b = await book(app, date);
      const [{ due }] = await app.db.sql<{ due: Date }[]>`
        select deposit_due_at as due from public.bookings where id = ${b.id}`;
      assert.equal(due.getTime() - now.getTime(), 24 * HOUR);

      now = new Date(due.getTime() - 12 * HOUR - 60_000);
      await tick();
      assert.deepEqual(await kindsOf(app, b.id), ["booking_created"]);
      now = new Date(due.getTime() - 12 * HOUR);
      await tick();
      // Two instances tick at the same instant: still one reminder.
      await Promise.all([tick(), tick()]);
      assert.deepEqual(await kindsOf(app, b.id), [
        "booking_created",
        "deposit_reminder",
      ]);

      // Deposit by Zelle, recorded: confirmed, no more deposit reminders.
      await app.db.sql`
        insert into public.payments (booking_id, kind, method, amount_cents, provider_reference)
        select id, 'deposit', 'zelle', deposit_cents, 'zelle-reminder-1' from public.bookings where id = ${b.id}`;

      const starts = instantAt(date, "18:00");
      now = new Date(starts.getTime() - 7 * 24 * HOUR - 60_000);
      await tick();
      assert.equal((await kindsOf(app, b.id)).length, 3);
      now = new Date(starts.getTime() - 7 * 24 * HOUR);
      await Promise.all([tick(), tick()]);
      now = new Date(starts.getTime() - 48 * HOUR - 60_000);
      await tick();
      now = new Date(starts.getTime() - 48 * HOUR);
      await Promise.all([tick(), tick()]);
      now = new Date(starts.getTime() - HOUR);
      await tick();
      assert.deepEqual(await kindsOf(app, b.id), [
        "booking_created",
        "deposit_reminder",
        "booking_confirmed",
        "event_reminder_7d",
        "event_reminder_48h",
      ]);

      const mailer = recordingMailer();
      await drainOutbox(app.db, { mailer, now: clock, baseUrl: app.url });
      const mine = mailer.sent.filter((m) => m.to === CUSTOMER);
      assert.deepEqual(mine.map((m) => m.subject), [
        `Booking received: ${b.reference} (deposit due)`,
        `Reminder: deposit due for ${b.reference}`,
        `Confirmed: your hibachi party ${b.reference}`,
        `Your hibachi party is in one week: ${b.reference}`,
        `Your hibachi party is in two days: ${b.reference}`,
      ]);
      const week = mine[3];
      assert.match(week.text, /Balance due: \$/);
      assert.match(week.text, /Pay balance/);
      assert.equal(week.attachments?.[0].filename.endsWith(".ics"), true);
      assert.match(
        mine[1].text,
        /held until \w{3}, \w{3} \d+, .* P[SD]T\. Pay the \$100 deposit/,
      );
    } finally {
      await app.dispose();
    }
  },
});
