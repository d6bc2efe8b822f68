/**
 * The assigned chef's day-before mail (issue 12 item 6, ADR 0036) on real
 * PostgreSQL: queued by the jobs tick from 08:00 the day before (the
 * location's time zone, the injected clock), once however often it ticks,
 * with the address, party, proteins by menu label, the customer's allergy
 * notes and only the office notes marked for the chef; queued again, marked
 * as an update, when what the chef reads changes (ADR 0036 amendment). A
 * chef who had that mail and no longer cooks the event is told not to go
 * (ADR 0058).
 */
import assert from "node:assert/strict";
import { addDays } from "../../lib/booking_window/mod.ts";
import { type Db, privileged } from "../../lib/db/mod.ts";
import { enqueueDueReminders } from "../../lib/jobs/mod.ts";
import { drainOutbox } from "../../lib/notifications/mod.ts";
import type { MailMessage } from "../../lib/mail/types.ts";
import { startApp } from "../support/app.ts";
import { instantAt } from "../support/clock.ts";
import { CHEFS, FREMONT } from "../db/fixtures.ts";
import { freeSlot, insertBooking, startStaffApp } from "../staff/support.ts";
import { accessToken, staffApi } from "../staff/api_support.ts";

const CHEF_EMAIL = "chef1@myhibachi.example";

/** Sends what the outbox holds; returns the mails sent. */
async function drainMails(db: Db): Promise<MailMessage[]> {
  const sent: MailMessage[] = [];
  await drainOutbox(db, {
    mailer: {
      send: (m) => {
        sent.push(m);
        return Promise.resolve();
      },
    },
    baseUrl: "https://myhibachi.test",
  });
  return sent;
}

/** A Fremont booking of chef 1 in the first slot where chef 1 is free. */
async function chef1Booking(db: Db) {
  const { date, slot } = await freeSlot(db, [CHEFS.chef1]);
  const reference = await insertBooking(db, {
    date,
    slot,
    locationId: FREMONT,
    chefId: CHEFS.chef1,
  });
  return { date, slot, reference };
}

Deno.test({
  name:
    "chef day-before mail: from 08:00 the day before, once, with what the chef needs",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startApp();
    try {
      const { date, reference } = await chef1Booking(app.db);
      const bookingId = await privileged(app.db, async (tx) => {
        const [b] = await tx<{ id: string }[]>`
          update public.bookings
          set status = 'confirmed', notes = 'Shellfish allergy: one guest'
          where reference = ${reference} returning id`;
        await tx`insert into public.booking_notes (booking_id, body, for_chef) values
          (${b.id}, 'Gate code 4411', true),
          (${b.id}, 'Customer disputed the deposit once', false)`;
        return b.id;
      });
      const chefRows = async () =>
        (await app.db.sql<{ n: number }[]>`
          select count(*)::int as n from public.notifications
          where booking_id = ${bookingId} and kind = 'chef_day_before'`)[0].n;

      const dayBefore = addDays(date, -1);
      await enqueueDueReminders(app.db, instantAt(dayBefore, "07:59"));
      assert.equal(await chefRows(), 0, "not before 08:00 the day before");
      await enqueueDueReminders(app.db, instantAt(dayBefore, "08:00"));
      await enqueueDueReminders(app.db, instantAt(dayBefore, "20:00"));
      assert.equal(await chefRows(), 1, "queued once");

      // The chef may have other bookings that day (the seeded history): the
      // day-before mails of this one are the ones naming its reference.
      const chefMailsSent = async () =>
        (await drainMails(app.db)).filter((m) =>
          m.to === CHEF_EMAIL && m.subject.includes(reference)
        );
      const mine = await chefMailsSent();
      assert.equal(mine.length, 1);
      const text = mine[0].text;
      assert.match(mine[0].subject, new RegExp(`^Tomorrow: ${reference}`));
      for (
        const expected of [
          "Where: 1 Main St, Fremont, CA 94539",
          "Party: 10 adults",
          "Proteins: 10 × Chicken, 10 × Steak (NY strip)",
          "Allergies and notes from the customer: Shellfish allergy: one guest",
          "Note from the office: Gate code 4411",
        ]
      ) {
        assert.ok(text.includes(expected), `${expected}\n---\n${text}`);
      }
      assert.doesNotMatch(text, /disputed/, "internal notes stay internal");

      // A change after the mail went out reaches the chef once, marked as
      // an update; an internal note changes nothing the chef reads.
      await privileged(app.db, async (tx) => {
        await tx`insert into public.booking_notes (booking_id, body, for_chef)
          values (${bookingId}, 'Refund discussed', false)`;
      });
      await enqueueDueReminders(app.db, instantAt(dayBefore, "20:05"));
      assert.equal(await chefRows(), 1, "nothing the chef reads changed");
      await privileged(app.db, async (tx) => {
        await tx`update public.bookings set address_line1 = '9 Oak Ave'
          where id = ${bookingId}`;
      });
      await enqueueDueReminders(app.db, instantAt(dayBefore, "20:10"));
      await enqueueDueReminders(app.db, instantAt(dayBefore, "20:15"));
      assert.equal(await chefRows(), 2, "one more mail for the change");
      const update = await chefMailsSent();
      assert.equal(update.length, 1);
      assert.match(
        update[0].subject,
        new RegExp(`^Updated for tomorrow: ${reference}`),
      );
      assert.ok(update[0].text.includes("Where: 9 Oak Ave, Fremont"));
      assert.ok(update[0].text.includes("replaces the earlier one"));
    } finally {
      await app.dispose();
    }
  },
});

Deno.test({
  name:
    "chef released mail: the chef with the day-before mail is told when taken off or cancelled, and mailed again when put back",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startStaffApp();
    try {
      const manager = staffApi(
        app,
        await accessToken(app, "manager@myhibachi.example"),
      );
      const { date, slot, reference } = await chef1Booking(app.db);
      await privileged(
        app.db,
        (tx) =>
          tx`update public.bookings set status = 'confirmed'
          where reference = ${reference}`,
      );
      const dayBefore = addDays(date, -1);
      await enqueueDueReminders(app.db, instantAt(dayBefore, "08:00"));
      const mailsOf = async (to: string) =>
        (await drainMails(app.db)).filter((m) =>
          m.to === to && m.subject.includes(reference)
        );
      assert.equal(
        (await mailsOf(CHEF_EMAIL)).length,
        1,
        "the day-before mail",
      );

      // Another chef takes the event through the Staff API.
      const suggestions = await manager(
        "GET",
        `/bookings/${reference}/chef-suggestions`,
      );
      assert.equal(suggestions.status, 200, JSON.stringify(suggestions.body));
      const other = suggestions.body.suggestions.find(
        (c: { chefId: string; available: boolean }) =>
          c.available && c.chefId !== CHEFS.chef1,
      );
      assert.ok(other, JSON.stringify(suggestions.body));
      const moved = await manager("PUT", `/bookings/${reference}/chef`, {
        chefId: other.chefId,
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      const released = await drainMails(app.db);
      const toChef1 = released.filter((m) => m.to === CHEF_EMAIL);
      assert.equal(toChef1.length, 1);
      assert.match(toChef1[0].subject, new RegExp(`^Do not go: ${reference}`));
      assert.ok(toChef1[0].text.includes("another chef is taking it"));
      assert.ok(toChef1[0].text.includes("Disregard the earlier mail"));
      assert.equal(
        released.filter((m) => m.subject.startsWith("Do not go")).length,
        1,
        "the new chef never had this event's mail: nothing to take back",
      );

      // The new chef gets the day-before mail at the next tick.
      await enqueueDueReminders(app.db, instantAt(dayBefore, "08:05"));
      const [{ email: otherEmail }] = await app.db.sql<{ email: string }[]>`
        select s.email::text as email from public.chefs c
        join public.staff s on s.user_id = c.user_id where c.id = ${other.chefId}`;
      assert.equal((await mailsOf(otherEmail)).length, 1);

      // Chef 1 put back: the other chef is released, and chef 1 gets the
      // day-before mail again at the next tick, as an update.
      await privileged(
        app.db,
        (tx) =>
          tx`update public.bookings set chef_id = ${CHEFS.chef1}
          where reference = ${reference}`,
      );
      await enqueueDueReminders(app.db, instantAt(dayBefore, "08:10"));
      const back = await drainMails(app.db);
      assert.deepEqual(
        back.filter((m) => m.subject.startsWith("Do not go")).map((m) => m.to),
        [otherEmail],
      );
      const again = back.filter((m) => m.to === CHEF_EMAIL);
      assert.equal(again.length, 1);
      assert.match(
        again[0].subject,
        new RegExp(`^Updated for tomorrow: ${reference}`),
      );

      // The booking's cancellation then releases chef 1 once more.
      await privileged(
        app.db,
        (tx) =>
          tx`update public.bookings set status = 'cancelled'
          where reference = ${reference}`,
      );
      const cancelled = (await drainMails(app.db)).filter((m) =>
        m.subject.startsWith("Do not go")
      );
      assert.deepEqual(cancelled.map((m) => m.to), [CHEF_EMAIL]);
      assert.ok(cancelled[0].text.includes("booking is cancelled"));

      // A chef taken off before any day-before mail hears nothing.
      const later = await insertBooking(app.db, {
        date: addDays(date, 1),
        slot,
        locationId: FREMONT,
        chefId: CHEFS.chef1,
      });
      const off = await manager("PUT", `/bookings/${later}/chef`, {
        chefId: null,
      });
      assert.equal(off.status, 200, JSON.stringify(off.body));
      assert.equal(
        (await drainMails(app.db)).filter((m) =>
          m.subject.startsWith("Do not go")
        ).length,
        0,
      );
    } finally {
      await app.dispose();
    }
  },
});
