/**
 * SMS for opted-in customers (issue 12 item 6, ADR 0036) on real
 * PostgreSQL, through the real outbox to the Twilio stand-in over HTTP:
 * consent stored with its time, SMS for confirmed / 48 h reminder /
 * cancelled only, none for customers who did not opt in, and none after
 * STOP (the signed inbound webhook; a bad signature writes nothing).
 */
import assert from "node:assert/strict";
import { privileged } from "../../lib/db/mod.ts";
import { enqueueDueReminders } from "../../lib/jobs/mod.ts";
import { drainOutbox } from "../../lib/notifications/mod.ts";
import type { MailMessage } from "../../lib/mail/types.ts";
import { DevSms } from "../../local/sms/dev_sms.ts";
import { buildApp, startApp, type TestApp } from "../support/app.ts";
import { bookingBody, postJson } from "../api/support.ts";
import {
  daysAfter,
  instantAt,
  nextWeekday,
  outboxTestInstant,
} from "../support/clock.ts";
import {
  signedInboundSms,
  startTwilioDouble,
} from "../support/twilio_double.ts";

const PHONE = "+15105550101";

async function book(
  app: TestApp,
  date: string,
  email: string,
  phone: string,
  smsOptIn?: boolean,
): Promise<Response> {
  return await app.fetch(
    "/api/bookings",
    postJson(bookingBody(date, "18:00", {
      customer: { name: "Sam Texter", email, phone },
      ...(smsOptIn === undefined ? {} : { smsOptIn }),
    })),
  );
}

Deno.test({
  name:
    "sms: opted-in customers get the key events through Twilio, none after STOP",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const twilio = startTwilioDouble();
    const now = outboxTestInstant("10:00");
    const app = await startApp({
      clock: () => new Date(now.getTime()),
      env: { RATE_LIMITS: "off", ...twilio.env() },
    });
    const mails: MailMessage[] = [];
    const drain = () =>
      drainOutbox(app.db, {
        mailer: {
          send: (m) => {
            mails.push(m);
            return Promise.resolve();
          },
        },
        sms: app.parts.sms,
        baseUrl: app.parts.publicUrl,
        now: () => new Date(now.getTime()),
      });
    try {
      const date = nextWeekday(6, daysAfter(now, 14));
      let reference = "";

      await t.step(
        "the opt-in is stored with its time and E.164 number",
        async () => {
          const bad = await book(
            app,
            date,
            "t0@example.com",
            "0044 20 7946",
            true,
          );
          assert.equal(bad.status, 422);
          const issues = (await bad.json()).error.issues;
          assert.deepEqual(issues.map((i: { path: string }) => i.path), [
            "customer.phone",
          ]);
          const res = await book(
            app,
            date,
            "texter@example.com",
            "(510) 555-0101",
            true,
          );
          assert.equal(res.status, 201, await res.clone().text());
          reference = (await res.json()).reference;
          const [row] = await app.db.sql<
            { sms_phone: string; sms_opt_in_at: Date | null }[]
          >`select sms_phone, sms_opt_in_at from public.bookings where reference = ${reference}`;
          assert.equal(row.sms_phone, PHONE);
          assert.ok(row.sms_opt_in_at);
          const plain = await book(
            app,
            date,
            "quiet@example.com",
            "(510) 555-0199",
          );
          assert.equal(plain.status, 201);
        },
      );

      await t.step(
        "confirmed and the 48 h reminder go out by SMS, once",
        async () => {
          await privileged(
            app.db,
            (tx) =>
              tx`update public.bookings set status = 'confirmed'
             where customer_id in (select id from public.customers
               where email in ('texter@example.com', 'quiet@example.com'))`,
          );
          await drain();
          const reminderAt = new Date(
            instantAt(date, "18:00").getTime() - 47 * 3_600_000,
          );
          await enqueueDueReminders(app.db, reminderAt);
          await enqueueDueReminders(app.db, reminderAt);
          await drain();
          assert.deepEqual(
            twilio.sent.map((s) => s.to),
            [PHONE, PHONE],
          );
          assert.match(
            twilio.sent[0].body,
            new RegExp(`${reference} is confirmed`),
          );
          assert.match(twilio.sent[1].body, /arrives/);
          assert.ok(twilio.sent.every((s) => s.body.includes("Reply STOP")));
          assert.equal(twilio.sent[0].from, twilio.from);
          assert.ok(
            mails.some((m) => m.to === "quiet@example.com"),
            "the customer without opt-in is mailed",
          );
        },
      );

      await t.step("a forged STOP is refused and writes nothing", async () => {
        const url = `${app.parts.publicUrl}/api/sms/inbound`;
        const forged = await signedInboundSms(
          "not-the-token",
          url,
          PHONE,
          "STOP",
        );
        const res = await app.fetch("/api/sms/inbound", forged);
        assert.equal(res.status, 403);
        await res.body?.cancel();
        const [n] = await app.db.sql<{ n: number }[]>`
          select count(*)::int as n from public.sms_opt_outs`;
        assert.equal(n.n, 0);
      });

      await t.step("STOP: no SMS after it, mail goes on", async () => {
        const url = `${app.parts.publicUrl}/api/sms/inbound`;
        const res = await app.fetch(
          "/api/sms/inbound",
          await signedInboundSms(twilio.authToken, url, PHONE, " stop "),
        );
        assert.equal(res.status, 200);
        assert.match(res.headers.get("content-type") ?? "", /xml/);
        assert.match(await res.text(), /<Response><\/Response>/);
        await privileged(
          app.db,
          (tx) =>
            tx`update public.bookings set status = 'cancelled' where reference = ${reference}`,
        );
        await drain();
        assert.equal(twilio.sent.length, 2, "no SMS after STOP");
        assert.ok(
          mails.some((m) =>
            m.to === "texter@example.com" &&
            m.subject.startsWith("Booking cancelled")
          ),
        );
      });

      await t.step(
        "an SMS queued before STOP is not sent after it",
        async () => {
          const res = await book(
            app,
            date,
            "again@example.com",
            "+1 510 555 0102",
            true,
          );
          assert.equal(res.status, 201);
          const ref = (await res.json()).reference;
          await privileged(
            app.db,
            (tx) =>
              tx`update public.bookings set status = 'confirmed' where reference = ${ref}`,
          );
          const url = `${app.parts.publicUrl}/api/sms/inbound`;
          const stop = await app.fetch(
            "/api/sms/inbound",
            await signedInboundSms(
              twilio.authToken,
              url,
              "+15105550102",
              "STOP",
            ),
          );
          assert.equal(stop.status, 200);
          await stop.body?.cancel();
          await drain();
          assert.ok(
            !twilio.sent.some((s) => s.to === "+15105550102"),
          );
          const [row] = await app.db.sql<
            { status: string; last_error: string }[]
          >`
          select status, last_error from public.notifications
          where channel = 'sms' and recipient = '+15105550102'`;
          assert.deepEqual(row, {
            status: "failed",
            last_error: "recipient opted out (STOP)",
          });
        },
      );

      await t.step(
        "without keys: dev SMS in the mailbox, production offers none",
        async () => {
          const dev = await buildApp({ db: app.db });
          assert.ok(dev.parts.sms instanceof DevSms);
          await dev.parts.sms.send({ to: "+15105550123", body: "hello" });
          assert.equal(
            dev.parts.mailbox?.list("+15105550123")[0].text,
            "hello",
          );
          const prod = await buildApp({
            db: app.db,
            env: {
              APP_ENV: "production",
              PUBLIC_URL: "https://myhibachi.example",
              SMTP_URL: "smtp://127.0.0.1:9",
              SUPABASE_JWT_SECRET:
                "a-production-secret-that-is-long-enough-0123456789",
              SUPABASE_ANON_KEY: null,
              SUPABASE_SERVICE_ROLE_KEY: null,
            },
          });
          assert.equal(prod.parts.sms, null);
          assert.equal(prod.parts.mailbox, null);
        },
      );
    } finally {
      await app.dispose();
      await twilio.close();
    }
  },
});
