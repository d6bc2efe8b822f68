/**
 * Staff reschedule, party edit (re-quoted, cutoffs, audited override),
 * resend of a customer mail and bulk chef assignment through the Staff API
 * over real HTTP: RLS and the definer functions decide (403 for chefs and
 * other locations, 404 unknown), bad input 422 with a path, conflicts 409.
 * The app clock is injected and moved for the cutoff cases.
 */
import assert from "node:assert/strict";
import { privileged } from "../../lib/db/mod.ts";
import { slotStartInstant } from "../../lib/booking_window/mod.ts";
import { startApp } from "../support/app.ts";
import { testInstant, ZONE } from "../support/clock.ts";
import { CHEFS, FREMONT, SACRAMENTO, USERS } from "../db/fixtures.ts";
import { staffApi, tokenAt } from "./api_support.ts";
import { freeSlot, insertBooking } from "./support.ts";

const RATE_LIMITS =
  "quote=600/60s,holds=600/60s,bookings=600/60s,contact=600/60s,login=600/60s,login_email=600/60s";

Deno.test({
  name: "Staff API: reschedule, party edit, resend mail, bulk assignment",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    let now = testInstant();
    const app = await startApp({
      serve: true,
      clock: () => new Date(now.getTime()),
      env: { SUPABASE_URL: null, RATE_LIMITS },
    });
    try {
      // Tokens dated by the app's clock, which the cutoff step moves.
      const as =
        (user: string) =>
        async (...args: Parameters<ReturnType<typeof staffApi>>) =>
          await staffApi(app, await tokenAt(user, now))(...args);
      const manager = as(USERS.manager);
      const chef = as(USERS.chef1);
      const { date, slot } = await freeSlot(app.db, Object.values(CHEFS));
      const ref = await insertBooking(app.db, {
        date,
        slot,
        locationId: FREMONT,
      });
      const sac = await insertBooking(app.db, {
        date,
        slot,
        locationId: SACRAMENTO,
        city: "Sacramento",
      });
      // Another Fremont start with room, on another day.
      const [target] = await privileged(
        app.db,
        (tx) =>
          tx<{ date: string; slot: string }[]>`
          select d::date::text as date, s as slot
          from generate_series(${date}::date + 1, ${date}::date + 40,
            interval '1 day') d,
            unnest(array['12:00', '15:00', '18:00', '21:00']) s
          where app.slot_capacity(${FREMONT}, d::date, s)
              - app.slot_reserved(${FREMONT}, d::date, s) >= 1
          order by d, s limit 1`,
      );
      const history = async (r: string) =>
        await privileged(app.db, (tx) =>
          tx<{ type: string; actor: string }[]>`
            select e.type, e.actor from public.booking_events e
            join public.bookings b on b.id = e.booking_id
            where b.reference = ${r} order by e.at, e.id`);
      const audits = async (action: string, r: string) =>
        await privileged(
          app.db,
          (tx) =>
            tx<{ details: Record<string, unknown> }[]>`
            select details from public.audit_log
            where action = ${action} and details ->> 'reference' = ${r}
            order by id`,
        );

      await t.step("reschedule: who may, bad input", async () => {
        const body = { date: target.date, time: target.slot };
        assert.equal(
          (await chef("POST", `/bookings/${ref}/reschedule`, body)).status,
          403,
        );
        assert.equal(
          (await manager("POST", `/bookings/${sac}/reschedule`, body)).status,
          403,
        );
        assert.equal(
          (await manager("POST", `/bookings/MH-NOPE99/reschedule`, body))
            .status,
          404,
        );
        for (
          const [bad, path] of [
            [{ date: target.date, time: "10:30" }, "time"],
            [{ date: "2020-01-01", time: target.slot }, "date"],
            [{ date: date, time: slot }, "date"],
            [{ ...body, extra: 1 }, ""],
            [{ date: "soon", time: slot }, "date"],
          ] as const
        ) {
          const r = await manager("POST", `/bookings/${ref}/reschedule`, bad);
          assert.equal(r.status, 422, JSON.stringify(bad));
          assert.ok(
            r.body.error.issues.some((i: { path: string }) =>
              i.path === path || (path === "" && i.path !== undefined)
            ),
            JSON.stringify(r.body),
          );
        }
      });

      await t.step(
        "reschedule: free first, then the fee, audited",
        async () => {
          const before = await manager("GET", `/bookings/${ref}`);
          const r = await manager("POST", `/bookings/${ref}/reschedule`, {
            date: target.date,
            time: target.slot,
            reason: "Customer called",
          });
          assert.equal(r.status, 200, JSON.stringify(r.body));
          assert.equal(r.body.feeCents, 0);
          assert.equal(r.body.totalCents, before.body.totalCents);
          const detail = await manager("GET", `/bookings/${ref}`);
          assert.equal(detail.body.eventDate, target.date);
          assert.equal(detail.body.slotTime, target.slot);
          const h = await history(ref);
          assert.deepEqual(h.at(-1), { type: "rescheduled", actor: "staff" });
          const [a] = await audits("booking.rescheduled", ref);
          assert.equal(a.details.fee_cents, 0);
          assert.equal(a.details.reason, "Customer called");
          // The customer's "moved" mail is queued by the trigger.
          const [mail] = await privileged(app.db, (tx) =>
            tx<{ n: number }[]>`
            select count(*)::int as n from public.notifications n
            join public.bookings b on b.id = n.booking_id
            where b.reference = ${ref} and n.kind = 'booking_rescheduled'`);
          assert.equal(mail.n, 1);
          // A stale form: the version read before the move.
          const stale = await manager("POST", `/bookings/${ref}/reschedule`, {
            date,
            time: slot,
            expectedUpdatedAt: before.body.updatedAt,
          });
          assert.equal(stale.status, 409);
          assert.equal(stale.body.error.code, "STALE_BOOKING");
          // Moving back is the second reschedule: the SPEC fee applies …
          const back = await manager("POST", `/bookings/${ref}/reschedule`, {
            date,
            time: slot,
            expectedUpdatedAt: detail.body.updatedAt,
          });
          assert.equal(back.status, 200, JSON.stringify(back.body));
          assert.equal(back.body.feeCents, 10000);
          assert.equal(back.body.totalCents, before.body.totalCents + 10000);
          // … unless staff waive it (audited).
          const waived = await manager("POST", `/bookings/${ref}/reschedule`, {
            date: target.date,
            time: target.slot,
            waiveFee: true,
          });
          assert.equal(waived.status, 200);
          assert.equal(waived.body.feeCents, 0);
          const all = await audits("booking.rescheduled", ref);
          assert.equal(all.at(-1)!.details.fee_overridden, true);
        },
      );

      await t.step("reschedule: a closed day is SLOT_FULL", async () => {
        const closed = target.date === date ? target.date : date;
        await privileged(
          app.db,
          (tx) =>
            tx`insert into public.blackout_dates (location_id, blackout_date, reason)
             values (${FREMONT}, ${closed}, 'Holiday')
             on conflict do nothing`,
        );
        const r = await manager("POST", `/bookings/${ref}/reschedule`, {
          date: closed,
          time: "12:00",
        });
        assert.equal(r.status, 409, JSON.stringify(r.body));
        assert.equal(r.body.error.code, "SLOT_FULL");
      });

      await t.step("party: re-quoted, 422 with a path, audited", async () => {
        const before = await manager("GET", `/bookings/${ref}`);
        const bad = await manager("PUT", `/bookings/${ref}/party`, {
          adults: 12,
          children: 0,
          proteins: { chicken: 10, steak: 10 },
        });
        assert.equal(bad.status, 422);
        assert.ok(
          bad.body.error.issues.some((i: { path: string }) =>
            i.path.startsWith("proteins")
          ),
          JSON.stringify(bad.body),
        );
        const unknown = await manager("PUT", `/bookings/${ref}/party`, {
          adults: 10,
          children: 0,
          proteins: { chicken: 10, unicorn: 10 },
        });
        assert.equal(unknown.status, 422);
        const r = await manager("PUT", `/bookings/${ref}/party`, {
          adults: 12,
          children: 0,
          proteins: { chicken: 12, steak: 12 },
          reason: "Two more guests",
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.deepEqual(r.body.overrides, []);
        assert.ok(r.body.totalCents > 0);
        // Fees charged earlier (the 10000 reschedule fee) stay on the total.
        assert.equal(r.body.totalCents, r.body.quote.totalCents + 10000);
        assert.notEqual(r.body.totalCents, before.body.totalCents);
        const detail = await manager("GET", `/bookings/${ref}`);
        assert.equal(detail.body.guests, 12);
        assert.equal(detail.body.proteins.chicken, 12);
        assert.deepEqual((await history(ref)).at(-1), {
          type: "party_changed",
          actor: "staff",
        });
        const [a] = await audits("booking.party_changed", ref);
        assert.equal((a.details.before as { adults: number }).adults, 10);
        assert.equal((a.details.after as { adults: number }).adults, 12);
        assert.equal(
          (await chef("PUT", `/bookings/${ref}/party`, {
            adults: 12,
            children: 0,
            proteins: { chicken: 12, steak: 12 },
          })).status,
          403,
        );
      });

      await t.step("party: cutoffs, and the audited override", async () => {
        const detail = await manager("GET", `/bookings/${ref}`);
        const start = slotStartInstant(
          detail.body.eventDate,
          detail.body.slotTime,
          ZONE,
        );
        // 20 hours before: the guest count is final (24 h), the menu not (12 h).
        now = new Date(start.getTime() - 20 * 3_600_000);
        const guests = {
          adults: 13,
          children: 0,
          proteins: { chicken: 13, steak: 13 },
        };
        const refused = await manager("PUT", `/bookings/${ref}/party`, guests);
        assert.equal(refused.status, 409);
        assert.equal(refused.body.error.code, "CUTOFF_PASSED");
        const menu = await manager("PUT", `/bookings/${ref}/party`, {
          adults: 12,
          children: 0,
          proteins: { chicken: 12, salmon: 12 },
        });
        assert.equal(menu.status, 200, JSON.stringify(menu.body));
        assert.deepEqual(menu.body.overrides, []);
        const forced = await manager("PUT", `/bookings/${ref}/party`, {
          ...guests,
          override: true,
        });
        assert.equal(forced.status, 200, JSON.stringify(forced.body));
        assert.deepEqual(forced.body.overrides, ["guest_count"]);
        const all = await audits("booking.party_changed", ref);
        assert.deepEqual(all.at(-1)!.details.overrides, ["guest_count"]);
        now = testInstant();
      });

      await t.step("resend a mail: queued again, 404 when none", async () => {
        const count = async () =>
          (await privileged(app.db, (tx) =>
            tx<{ n: number; resent: number }[]>`
              select count(*)::int as n,
                count(*) filter (where n.payload ->> 'resent' = 'true')::int as resent
              from public.notifications n join public.bookings b on b.id = n.booking_id
              where b.reference = ${ref} and n.kind = 'booking_rescheduled'`))[
              0
            ];
        const before = await count();
        const r = await manager("POST", `/bookings/${ref}/resend-mail`, {
          kind: "booking_rescheduled",
        });
        assert.equal(r.status, 202, JSON.stringify(r.body));
        assert.match(r.body.notificationId, /^[0-9a-f-]{36}$/);
        const after = await count();
        assert.equal(after.n, before.n + 1);
        assert.equal(after.resent, 1);
        assert.equal((await history(ref)).at(-1)!.type, "mail_resent");
        assert.equal((await audits("booking.mail_resent", ref)).length, 1);
        const none = await manager("POST", `/bookings/${ref}/resend-mail`, {
          kind: "booking_confirmed",
        });
        assert.equal(none.status, 404);
        const bad = await manager("POST", `/bookings/${ref}/resend-mail`, {
          kind: "password_reset",
        });
        assert.equal(bad.status, 422);
        assert.equal(bad.body.error.issues[0].path, "kind");
        assert.equal(
          (await chef("POST", `/bookings/${ref}/resend-mail`, {
            kind: "booking_rescheduled",
          })).status,
          403,
        );
      });

      await t.step("bulk assignment of a day", async () => {
        const day = await freeSlot(app.db, Object.values(CHEFS));
        const a = await insertBooking(app.db, {
          date: day.date,
          slot: day.slot,
          locationId: FREMONT,
        });
        const b = await insertBooking(app.db, {
          date: day.date,
          slot: day.slot,
          locationId: FREMONT,
        });
        assert.equal(
          (await chef("POST", "/assignments", {
            location: "fremont",
            date: day.date,
          })).status,
          403,
        );
        assert.equal(
          (await manager("POST", "/assignments", {
            location: "sacramento",
            date: day.date,
          })).status,
          403,
        );
        assert.equal(
          (await manager("POST", "/assignments", {
            location: "atlantis",
            date: day.date,
          })).status,
          404,
        );
        const bad = await manager("POST", "/assignments", {
          location: "fremont",
          date: "someday",
        });
        assert.equal(bad.status, 422);
        assert.equal(bad.body.error.issues[0].path, "date");
        const r = await manager("POST", "/assignments", {
          location: "fremont",
          date: day.date,
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        const mine = r.body.assignments.filter((x: { reference: string }) =>
          x.reference === a || x.reference === b
        );
        assert.equal(mine.length, 2);
        const rows = await privileged(
          app.db,
          (tx) =>
            tx<{ reference: string; chef_id: string | null }[]>`
            select reference, chef_id from public.bookings
            where reference in (${a}, ${b}) order by reference`,
        );
        for (const row of rows) {
          const answered = mine.find((x: { reference: string }) =>
            x.reference === row.reference
          );
          assert.equal(answered.chefId, row.chef_id);
        }
        const chefs = rows.map((x) => x.chef_id).filter(Boolean);
        assert.ok(chefs.length >= 1, "at least one booking got a chef");
        assert.equal(new Set(chefs).size, chefs.length, "no chef twice");
        // Nothing left to assign: a second run changes nothing.
        const again = await manager("POST", "/assignments", {
          location: "fremont",
          date: day.date,
        });
        assert.equal(again.status, 200);
        assert.ok(
          !again.body.assignments.some((x: { reference: string }) =>
            x.reference === a && chefs.length === 2
          ),
        );
      });
    } finally {
      await app.dispose();
    }
  },
});
