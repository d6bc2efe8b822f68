/**
 * SMS delivery status (ADR 0060) on real PostgreSQL, over real HTTP: the
 * outbox sends through the Twilio stand-in with a `StatusCallback`, keeps
 * the message's SID, and the stand-in posts signed status callbacks to the
 * app as Twilio does. The furthest status wins whatever the order; an SMS
 * that was not delivered shows in the booking's history for staff, once;
 * forged, malformed, unknown and foreign callbacks change nothing; a
 * receipt the outbox cannot store never sends the SMS twice.
 */
import assert from "node:assert/strict";
import { privileged } from "../../lib/db/mod.ts";
import { drainOutbox } from "../../lib/notifications/mod.ts";
import { TwilioSms } from "../../lib/sms/mod.ts";
import { startApp, type TestApp } from "../support/app.ts";
import { bookingBody, postJson } from "../api/support.ts";
import { daysAfter, nextWeekday, outboxTestInstant } from "../support/clock.ts";
import {
  signedTwilioPost,
  startTwilioDouble,
} from "../support/twilio_double.ts";
import { getBooking } from "../../lib/staff/bookings.ts";
import { staffClaims } from "../db/fixtures.ts";

interface DeliveryRow {
  provider_sid: string | null;
  delivery_status: string | null;
  delivery_error_code: number | null;
  delivery_updated_at: Date | null;
}

async function deliveryOf(app: TestApp, sid: string): Promise<DeliveryRow> {
  const [row] = await app.db.sql<DeliveryRow[]>`
    select provider_sid, delivery_status, delivery_error_code, delivery_updated_at
    from public.notifications where provider_sid = ${sid}`;
  return row;
}

/** How many `sms_undelivered` history lines booking `reference` has. */
async function undeliveredLines(app: TestApp, reference: string) {
  const [row] = await app.db.sql<{ n: number }[]>`
    select count(*)::int as n from public.booking_events e
    join public.bookings b on b.id = e.booking_id
    where b.reference = ${reference} and e.type = 'sms_undelivered'`;
  return row.n;
}

/** Asserts a webhook answer of 204 (acknowledged: Twilio retries nothing). */
async function acknowledged(answer: Promise<Response>): Promise<void> {
  const res = await answer;
  assert.equal(res.status, 204, await res.clone().text());
  await res.body?.cancel();
}

/** Books with SMS consent and confirms it; returns the reference. */
async function confirmedWithSms(
  app: TestApp,
  date: string,
  email: string,
  phone: string,
): Promise<string> {
  const res = await app.fetch(
    "/api/bookings",
    postJson(bookingBody(date, "18:00", {
      customer: { name: "Sam Texter", email, phone },
      smsOptIn: true,
    })),
  );
  assert.equal(res.status, 201, await res.clone().text());
  const { reference } = await res.json();
  await privileged(
    app.db,
    (tx) =>
      tx`update public.bookings set status = 'confirmed' where reference = ${reference}`,
  );
  return reference;
}

Deno.test({
  name: "sms delivery: Twilio's status callbacks reach the outbox and staff",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const twilio = startTwilioDouble();
    const now = outboxTestInstant("10:00");
    const app = await startApp({
      serve: true,
      clock: () => new Date(now.getTime()),
      env: { RATE_LIMITS: "off", ...twilio.env() },
    });
    const drain = () =>
      drainOutbox(app.db, {
        mailer: { send: () => Promise.resolve() },
        sms: app.parts.sms,
        baseUrl: app.parts.publicUrl,
        now: () => new Date(now.getTime()),
      });
    const callbackUrl = `${app.parts.publicUrl}/api/sms/status`;
    try {
      const date = nextWeekday(6, daysAfter(now, 14));
      const reference = await confirmedWithSms(
        app,
        date,
        "delivered@example.com",
        "(510) 555-0101",
      );
      await drain();
      assert.equal(twilio.sent.length, 1);
      const sid = twilio.sent[0].sid;

      await t.step(
        "the SMS asks for callbacks and keeps Twilio's SID and status",
        async () => {
          assert.equal(twilio.sent[0].statusCallback, callbackUrl);
          const row = await deliveryOf(app, sid);
          assert.equal(row.delivery_status, "queued");
          assert.equal(row.delivery_updated_at?.getTime(), now.getTime());
        },
      );

      await t.step("callbacks move the status on, never back", async () => {
        now.setTime(now.getTime() + 2_000);
        await acknowledged(twilio.report(sid, "sent"));
        assert.equal((await deliveryOf(app, sid)).delivery_status, "sent");
        now.setTime(now.getTime() + 3_000);
        await acknowledged(twilio.report(sid, "delivered"));
        const deliveredAt = now.getTime();
        now.setTime(now.getTime() + 1_000);
        await acknowledged(twilio.report(sid, "sent"));
        const row = await deliveryOf(app, sid);
        assert.equal(row.delivery_status, "delivered");
        assert.equal(row.delivery_updated_at?.getTime(), deliveredAt);
      });

      await t.step(
        "an SMS that was not delivered shows in the booking's history, once",
        async () => {
          const ref = await confirmedWithSms(
            app,
            date,
            "landline@example.com",
            "(510) 555-0102",
          );
          await drain();
          const message = twilio.sent.find((s) => s.to === "+15105550102");
          assert.ok(message);
          await acknowledged(twilio.report(message.sid, "undelivered", 30003));
          await acknowledged(twilio.report(message.sid, "failed", 30005));
          const row = await deliveryOf(app, message.sid);
          assert.equal(row.delivery_status, "undelivered");
          assert.equal(row.delivery_error_code, 30003);

          // What staff read: the booking's detail as its location's
          // manager, under RLS (the Staff API's own query).
          const detail = await getBooking(app.db, {
            claims: staffClaims("manager"),
            role: "manager",
          }, ref);
          const events = detail.events;
          const undelivered = events.filter((e) =>
            e.type === "sms_undelivered"
          );
          assert.equal(undelivered.length, 1);
          assert.equal(undelivered[0].actor, "system");
          assert.deepEqual(undelivered[0].after, {
            kind: "booking_confirmed",
            phone: "+15105550102",
            status: "undelivered",
            errorCode: 30003,
          });
          assert.equal(
            await undeliveredLines(app, reference),
            0,
            "the delivered SMS left no such line",
          );
        },
      );

      await t.step(
        "forged, malformed, unknown and foreign callbacks change nothing",
        async () => {
          const ref = await confirmedWithSms(
            app,
            date,
            "forged@example.com",
            "(510) 555-0103",
          );
          await drain();
          const message = twilio.sent.find((s) => s.to === "+15105550103");
          assert.ok(message);
          const before = await deliveryOf(app, message.sid);
          assert.equal(before.delivery_status, "queued");
          const post = async (token: string, fields: Record<string, string>) =>
            await fetch(
              callbackUrl,
              await signedTwilioPost(token, callbackUrl, fields),
            );
          const forged = await post("not-the-token", {
            MessageSid: message.sid,
            MessageStatus: "undelivered",
            ErrorCode: "30003",
          });
          assert.equal(forged.status, 403);
          await forged.body?.cancel();
          const malformed = await post(twilio.authToken, {
            MessageSid: "SM123",
            MessageStatus: "Lost!",
            ErrorCode: "x1",
          });
          assert.equal(malformed.status, 422);
          const issues = (await malformed.json()).error.issues as {
            path: string;
          }[];
          assert.deepEqual(issues.map((i) => i.path).sort(), [
            "ErrorCode",
            "MessageSid",
            "MessageStatus",
          ]);
          // A status Twilio might add later: acknowledged, not recorded.
          await acknowledged(twilio.report(message.sid, "teleported"));
          await acknowledged(post(twilio.authToken, {
            MessageSid: `SM${"f".repeat(32)}`,
            MessageStatus: "undelivered",
          }));
          assert.deepEqual(await deliveryOf(app, message.sid), before);
          const [n] = await app.db.sql<{ n: number }[]>`
            select count(*)::int as n from public.notifications
            where provider_sid = ${`SM${"f".repeat(32)}`}`;
          assert.equal(n.n, 0);
          assert.equal(
            await undeliveredLines(app, ref),
            0,
            "no history line from a forged callback",
          );
        },
      );

      await t.step(
        "a receipt the row refuses never sends the SMS again",
        async () => {
          // A week later: the first date's slot is full.
          const later = nextWeekday(6, daysAfter(now, 21));
          const refs = [
            await confirmedWithSms(
              app,
              later,
              "dup@example.com",
              "(510) 555-0104",
            ),
            await confirmedWithSms(
              app,
              later,
              "odd@example.com",
              "(510) 555-0105",
            ),
          ];
          // Another transport: one answers with a SID already stored, the
          // other with a SID of another shape.
          const handed: string[] = [];
          await drainOutbox(app.db, {
            mailer: { send: () => Promise.resolve() },
            sms: {
              send: (m) => {
                handed.push(m.to);
                return Promise.resolve({
                  sid: m.to === "+15105550104" ? sid : "msg-42",
                  status: "queued",
                });
              },
            },
            baseUrl: app.parts.publicUrl,
            now: () => new Date(now.getTime()),
          });
          assert.deepEqual(handed.sort(), ["+15105550104", "+15105550105"]);
          const rows = await app.db.sql<
            { status: string; provider_sid: string | null; attempts: number }[]
          >`
            select n.status, n.provider_sid, n.attempts
            from public.notifications n join public.bookings b on b.id = n.booking_id
            where n.channel = 'sms' and b.reference in ${app.db.sql(refs)}`;
          assert.deepEqual([...rows], [
            { status: "sent", provider_sid: null, attempts: 1 },
            { status: "sent", provider_sid: null, attempts: 1 },
          ]);
        },
      );

      await t.step(
        "the sender returns the SID and status Twilio answered",
        async () => {
          const sms = new TwilioSms({
            accountSid: twilio.accountSid,
            authToken: twilio.authToken,
            from: twilio.from,
            apiBase: twilio.url,
            statusCallback: () => "https://myhibachi.example/api/sms/status",
          });
          const receipt = await sms.send({ to: "+15105550199", body: "hi" });
          const last = twilio.sent.at(-1);
          assert.deepEqual(receipt, { sid: last?.sid, status: "queued" });
          assert.equal(
            last?.statusCallback,
            "https://myhibachi.example/api/sms/status",
          );
          const quiet = new TwilioSms({
            accountSid: twilio.accountSid,
            authToken: twilio.authToken,
            from: twilio.from,
            apiBase: twilio.url,
          });
          await quiet.send({ to: "+15105550198", body: "hi" });
          assert.equal(twilio.sent.at(-1)?.statusCallback, null);
        },
      );

      await t.step(
        "/metrics counts the last 24 h's SMS by delivery status",
        async () => {
          const res = await app.fetch("/metrics");
          assert.equal(res.status, 200);
          const text = await res.text();
          const count = (status: string) =>
            Number(
              text.match(
                new RegExp(
                  `^myhibachi_sms_sent_24h\\{delivery_status="${status}"\\} (\\d+)$`,
                  "m",
                ),
              )?.[1],
            );
          assert.deepEqual(
            ["delivered", "undelivered", "queued", "unknown", "failed"].map(
              count,
            ),
            [1, 1, 1, 2, 0],
          );
        },
      );
    } finally {
      await app.dispose();
      await twilio.close();
    }
  },
});
