/**
 * /admin/calendar over real HTTP: week and month views of a location with
 * slot capacity, bookings and their chef status linking to the detail page,
 * time-off requests approved or rejected by form (a stranding approval is
 * refused with 409), bad queries 422/404, chefs 403. App clock injected.
 */
import assert from "node:assert/strict";
import { privileged } from "../../lib/db/mod.ts";
import { startApp } from "../support/app.ts";
import { fixedClock, testInstant } from "../support/clock.ts";
import { CHEFS, FREMONT } from "../db/fixtures.ts";
import { csrfFrom, insertBooking, postForm, signIn } from "./support.ts";

const RATE_LIMITS =
  "quote=600/60s,holds=600/60s,bookings=600/60s,contact=600/60s,login=600/60s,login_email=600/60s";

Deno.test({
  name: "admin calendar: week/month views, chef status, time-off decisions",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startApp({
      serve: true,
      clock: fixedClock(testInstant()),
      env: { SUPABASE_URL: null, RATE_LIMITS },
    });
    try {
      // A Friday–Sunday 2–60 days ahead where every Fremont slot has three
      // free units and chef1/chef3 are free: two bookings and one chef's
      // day off still leave every slot staffed.
      const [day] = await privileged(app.db, (tx) =>
        tx<{ date: string }[]>`
          select d::date::text as date
          from generate_series(current_date + 2, current_date + 60,
            interval '1 day') d
          where extract(isodow from d) in (5, 6, 7)
            and (select bool_and(app.slot_capacity(${FREMONT}, d::date, s)
                   - app.slot_reserved(${FREMONT}, d::date, s) >= 3)
                 from unnest(array['12:00', '15:00', '18:00', '21:00']) s)
            and not exists (
              select 1 from public.bookings b
              where b.chef_id in (${CHEFS.chef1}, ${CHEFS.chef3})
                and b.event_date = d::date and app.holds_chef(b.status))
          order by d limit 1`);
      assert.ok(day, "a quiet day");
      const open = await insertBooking(app.db, {
        date: day.date,
        slot: "18:00",
        locationId: FREMONT,
      });
      const staffed = await insertBooking(app.db, {
        date: day.date,
        slot: "18:00",
        locationId: FREMONT,
        chefId: CHEFS.chef1,
      });
      const [off3, off1] = await privileged(app.db, async (tx) => [
        ...await tx<{ id: string }[]>`
          insert into public.chef_time_off (chef_id, starts_on, ends_on, reason)
          values (${CHEFS.chef3}, ${day.date}, ${day.date}, 'Dentist'),
                 (${CHEFS.chef1}, ${day.date}, ${day.date}, 'Tired')
          returning id`,
      ]);
      const jar = await signIn(app, "manager@myhibachi.example");
      const url =
        `${app.url}/admin/calendar?location=fremont&view=week&date=${day.date}`;

      await t.step(
        "week view: slots, bookings, chef status, links",
        async () => {
          const res = await jar.fetch(url);
          assert.equal(res.status, 200);
          const html = await res.text();
          assert.match(html, /data-calendar-view="week"/);
          assert.match(html, new RegExp(`data-day="${day.date}"`));
          assert.match(html, new RegExp(`data-slot="${day.date} 18:00"`));
          assert.match(
            html,
            new RegExp(
              `data-cal-booking="${open}" data-chef-status="unassigned"`,
            ),
          );
          assert.match(
            html,
            new RegExp(
              `data-cal-booking="${staffed}" data-chef-status="assigned"`,
            ),
          );
          assert.match(html, new RegExp(`href="/admin/bookings/${open}"`));
          assert.match(html, /Chef Kenji/);
          assert.match(html, /Unassigned/);
          // Both requests show, with their decision forms.
          assert.match(html, new RegExp(`data-time-off="${off3.id}"`));
          assert.match(html, /data-form="time-off-approved"/);
        },
      );

      await t.step("month view holds the same day", async () => {
        const res = await jar.fetch(
          `${app.url}/admin/calendar?location=fremont&view=month&date=${day.date}`,
        );
        assert.equal(res.status, 200);
        const html = await res.text();
        assert.match(html, /data-calendar-view="month"/);
        assert.match(html, new RegExp(`data-cal-booking="${open}"`));
        assert.ok(
          (html.match(/data-day="/g) ?? []).length >= 28,
          "a whole month of days",
        );
      });

      await t.step("bad queries and chefs are refused", async () => {
        for (
          const [q, status] of [
            ["view=year", 422],
            ["date=2026-02-30", 422],
            ["bogus=1", 422],
            ["location=atlantis", 404],
          ] as const
        ) {
          const res = await jar.fetch(`${app.url}/admin/calendar?${q}`);
          assert.equal(res.status, status, q);
          await res.body?.cancel();
        }
        const chef = await signIn(app, "chef1@myhibachi.example");
        const res = await chef.fetch(url);
        assert.equal(res.status, 403);
        await res.body?.cancel();
      });

      await t.step("time off: approve, decided twice, stranding", async () => {
        const csrf = csrfFrom(await (await jar.fetch(url)).text());
        const base = {
          _csrf: csrf,
          location: "fremont",
          view: "week",
          date: day.date,
        };
        const forged = await postForm(jar, `${app.url}/admin/calendar`, {
          ...base,
          _csrf: "forged",
          timeOffId: off3.id,
          decision: "approved",
        });
        assert.equal(forged.status, 403);
        await forged.body?.cancel();
        const bad = await postForm(jar, `${app.url}/admin/calendar`, {
          ...base,
          timeOffId: off3.id,
          decision: "maybe",
        });
        assert.equal(bad.status, 422);
        assert.match(await bad.text(), /decision/);
        const ok = await postForm(jar, `${app.url}/admin/calendar`, {
          ...base,
          timeOffId: off3.id,
          decision: "approved",
        });
        assert.equal(ok.status, 303);
        const after = await (await jar.fetch(
          `${app.url}${ok.headers.get("location")}`,
        )).text();
        assert.match(after, /Time off approved/);
        assert.match(
          after,
          new RegExp(
            `data-time-off="${off3.id}" data-time-off-status="approved"`,
          ),
        );
        const twice = await postForm(jar, `${app.url}/admin/calendar`, {
          ...base,
          timeOffId: off3.id,
          decision: "rejected",
        });
        assert.equal(twice.status, 409);
        await twice.body?.cancel();
        // Kenji is assigned to a booking that day: approval would strand it.
        const strand = await postForm(jar, `${app.url}/admin/calendar`, {
          ...base,
          timeOffId: off1.id,
          decision: "approved",
        });
        assert.equal(strand.status, 409);
        assert.match(await strand.text(), /without a chef/);
        const [rows] = await privileged(
          app.db,
          (tx) =>
            tx<{ off1: string; audits: number }[]>`
            select (select status from public.chef_time_off where id = ${off1.id}) as off1,
              (select count(*)::int from public.audit_log
               where action = 'time_off.approved' and entity_id = ${off3.id}) as audits`,
        );
        assert.deepEqual(rows, { off1: "requested", audits: 1 });
      });

      await t.step("bulk assignment of a day from the calendar", async () => {
        const html = await (await jar.fetch(url)).text();
        assert.match(html, /data-form="bulk-assign"/);
        const res = await postForm(jar, `${app.url}/admin/calendar`, {
          _csrf: csrfFrom(html),
          _action: "bulk_assign",
          day: day.date,
          location: "fremont",
          view: "week",
          date: day.date,
        });
        assert.equal(res.status, 303);
        const after = await (await jar.fetch(
          `${app.url}${res.headers.get("location")}`,
        )).text();
        assert.match(after, /Assigned chefs to 1 of 1 unassigned/);
        assert.match(
          after,
          new RegExp(`data-cal-booking="${open}" data-chef-status="assigned"`),
        );
        const bad = await postForm(jar, `${app.url}/admin/calendar`, {
          _csrf: csrfFrom(after),
          _action: "bulk_assign",
          day: "someday",
          location: "fremont",
        });
        assert.equal(bad.status, 422);
        await bad.body?.cancel();
      });
    } finally {
      await app.dispose();
    }
  },
});
