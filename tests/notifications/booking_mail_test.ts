/**
 * End to end on a real database through the real app: a booking made with
 * `POST /api/bookings` puts one customer mail (with a manage link that
 * opens the manage page) and a manager alert in the dev mailbox; a recorded
 * deposit sends the confirmation with a parseable `.ics` at the right
 * instant; a cancellation request is mailed too.
 */
import assert from "node:assert/strict";
import { privileged } from "../../lib/db/mod.ts";
import { drainOutbox } from "../../lib/notifications/mod.ts";
import type { MailboxEntry } from "../../local/mail/mod.ts";
import { startApp } from "../support/app.ts";
import { bookingBody, postJson } from "../api/support.ts";
import {
  daysAfter,
  fixedClock,
  nextWeekday,
  outboxTestInstant,
} from "../support/clock.ts";

const MANAGER = "manager@myhibachi.example";

Deno.test({
  name:
    "notifications: booking mail with manage link, manager alert, confirmation .ics, cancellation request",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const now = outboxTestInstant("12:00");
    const app = await startApp({
      env: { RATE_LIMITS: "off" },
      clock: fixedClock(now),
    });
    const mailbox = async (to: string): Promise<MailboxEntry[]> => {
      const res = await app.fetch(
        `/_dev/mailbox.json?to=${encodeURIComponent(to)}`,
      );
      assert.equal(res.status, 200);
      return await res.json();
    };
    try {
      const email = `notify-${crypto.randomUUID().slice(0, 8)}@example.com`;
      // A Friday in January (PST, UTC-8), far enough ahead for the window.
      const date = nextWeekday(5, daysAfter(now, 40));
      const body = bookingBody(date, "18:00", {
        customer: {
          name: "Ana <b>O'Neil</b>",
          email,
          phone: "+1 510 555 0101",
        },
      });
      const managerBefore = (await mailbox(MANAGER)).length;

      const res = await app.fetch("/api/bookings", postJson(body));
      assert.equal(res.status, 201, await res.clone().text());
      const created = await res.json();
      const [queued] = await app.db.sql<{ n: number }[]>`
        select count(*)::int as n from public.notifications
        where booking_id = ${created.id} and kind = 'booking_created'`;
      // One customer mail + one alert per manager of Fremont (seed: one).
      assert.equal(queued.n, 2);

      await t.step(
        "one customer mail; its manage link opens the booking",
        async () => {
          const run = await drainOutbox(app.db, {
            mailer: app.parts.mailer,
            baseUrl: app.parts.publicUrl,
          });
          assert.equal(run.sent, 2);
          assert.equal(run.failed + run.retried, 0);
          const mails = await mailbox(email);
          assert.equal(mails.length, 1);
          const [mail] = mails;
          assert.match(mail.subject, new RegExp(created.reference));
          assert.ok(mail.links.includes(created.manageUrl), mail.links.join());
          assert.ok(mail.text.includes(created.manageUrl));
          // The customer's name is escaped in HTML, verbatim in text.
          assert.ok(mail.html.includes("Ana &lt;b&gt;O&#39;Neil&lt;/b&gt;"));
          assert.ok(!mail.html.includes("<b>O'Neil"));
          assert.ok(mail.text.includes("Ana <b>O'Neil</b>"));
          assert.ok(mail.text.includes(created.payment.instructions));

          const url = new URL(created.manageUrl);
          const page = await app.fetch(url.pathname + url.search);
          assert.equal(page.status, 200);
          assert.ok((await page.text()).includes(created.reference));

          // Once sent, the outbox forgets the secret link.
          const [row] = await app.db.sql<
            { status: string; has_url: boolean }[]
          >`
          select status, payload ? 'manage_url' as has_url
          from public.notifications
          where booking_id = ${created.id} and recipient = ${email}`;
          assert.deepEqual({ ...row }, { status: "sent", has_url: false });
        },
      );

      await t.step(
        "the manager gets an alert without the manage link",
        async () => {
          const all = await mailbox(MANAGER);
          const alerts = all.slice(0, all.length - managerBefore);
          assert.equal(alerts.length, 1);
          assert.match(
            alerts[0].subject,
            new RegExp(`New booking ${created.reference}`),
          );
          const token = new URL(created.manageUrl).searchParams.get("token")!;
          assert.ok(!alerts[0].text.includes(token));
          assert.ok(!alerts[0].html.includes(token));
        },
      );

      await t.step(
        "deposit recorded: confirmation with a parseable .ics",
        async () => {
          await privileged(
            app.db,
            (tx) =>
              tx`insert into public.payments (booking_id, kind, method, amount_cents, provider, provider_reference)
             values (${created.id}, 'deposit', 'zelle', ${created.quote.depositCents}, 'manual', ${
                "ZL-" + created.reference
              })`,
          );
          const run = await drainOutbox(app.db, {
            mailer: app.parts.mailer,
            baseUrl: app.parts.publicUrl,
          });
          assert.equal(run.sent, 1);
          const [mail] = await mailbox(email);
          assert.match(mail.subject, /^Confirmed/);
          assert.equal(mail.attachments.length, 1);
          const ics = mail.attachments[0];
          assert.equal(ics.filename, `myhibachi-${created.reference}.ics`);
          assert.match(ics.contentType, /^text\/calendar/);
          const lines = ics.content.split("\r\n");
          assert.equal(lines[0], "BEGIN:VCALENDAR");
          assert.ok(
            lines.includes("BEGIN:VEVENT") && lines.includes("END:VEVENT"),
          );
          const dtstart = lines.find((l) => l.startsWith("DTSTART"))!;
          const m = /^DTSTART:(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/
            .exec(dtstart);
          assert.ok(m, dtstart);
          const instant = new Date(
            Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]),
          );
          // 18:00 wall clock in Fremont on the booked date.
          const local = new Intl.DateTimeFormat("en-CA", {
            timeZone: "America/Los_Angeles",
            year: "numeric",
            month: "2-digit",
            day: "2-digit",
            hour: "2-digit",
            minute: "2-digit",
            hourCycle: "h23",
          }).format(instant);
          assert.equal(local, `${date}, 18:00`);
          // 10 guests: 90 minutes.
          assert.ok(lines.includes("DURATION:PT90M"), lines.join("\n"));
          assert.ok(lines.some((l) => l.includes(created.reference)));
        },
      );

      await t.step(
        "cancellation request from the manage link is mailed, and the manager alerted",
        async () => {
          const token = new URL(created.manageUrl).searchParams.get("token")!;
          await app.db
            .sql`select app.request_cancellation(${created.reference}, ${token}, 'plans changed')`;
          assert.equal(
            (await drainOutbox(app.db, {
              mailer: app.parts.mailer,
              baseUrl: app.parts.publicUrl,
            })).sent,
            2,
          );
          const [mail] = await mailbox(email);
          assert.match(mail.subject, /^Cancellation request received/);
          assert.equal((await mailbox(email)).length, 3);
          // The location's manager hears about it (ADR 0027), with the reason.
          const [alert] = (await mailbox(MANAGER)).filter((m) =>
            m.subject.startsWith(`Cancellation requested: ${created.reference}`)
          );
          assert.ok(alert);
          assert.match(alert.text, /Reason given: plans changed/);
        },
      );
    } finally {
      await app.dispose();
    }
  },
});
