/**
 * The chef portal over real HTTP: a chef signs in, sees their own upcoming
 * events (never another chef's, never money), prints a day's prep list,
 * edits working weekdays (a removal that strands a booking is refused),
 * requests time off, and issues, rotates and revokes the private .ics feed
 * that a phone calendar polls without signing in. App clock injected.
 */
import assert from "node:assert/strict";
import { privileged } from "../../lib/db/mod.ts";
import { startApp } from "../support/app.ts";
import { fixedClock, testInstant } from "../support/clock.ts";
import { CHEFS, FREMONT, USERS } from "../db/fixtures.ts";
import { staffApi, tokenAt } from "./api_support.ts";
import { csrfFrom, insertBooking, postForm, signIn } from "./support.ts";

const RATE_LIMITS =
  "quote=600/60s,holds=600/60s,bookings=600/60s,contact=600/60s,login=600/60s,login_email=600/60s";

Deno.test({
  name: "chef portal: events, prep list, weekdays, time off, .ics feed",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const now = testInstant();
    const app = await startApp({
      serve: true,
      clock: fixedClock(now),
      env: { SUPABASE_URL: null, RATE_LIMITS },
    });
    try {
      // A slot 2–60 days ahead on a day chef1 (Kenji, Wed–Sun) and chef2
      // (Maria, Mon, Tue, Fri–Sun) both work, with two free units and
      // neither chef busy.
      const [slot] = await privileged(
        app.db,
        (tx) =>
          tx<{ date: string; slot: string; dow: number }[]>`
          select d::date::text as date, s as slot,
            extract(isodow from d)::int as dow
          from generate_series(current_date + 2, current_date + 60,
            interval '1 day') d,
            unnest(array['12:00', '15:00', '18:00', '21:00']) s
          where extract(isodow from d) in (5, 6, 7)
            and app.slot_capacity(${FREMONT}, d::date, s)
              - app.slot_reserved(${FREMONT}, d::date, s) >= 2
            and not exists (
              select 1 from public.bookings b
              where b.chef_id in (${CHEFS.chef1}, ${CHEFS.chef2})
                and b.event_date = d::date and b.slot_time = s
                and app.holds_chef(b.status))
          order by d, s limit 1`,
      );
      assert.ok(slot, "a free slot");
      const mine = await insertBooking(app.db, {
        date: slot.date,
        slot: slot.slot,
        locationId: FREMONT,
        chefId: CHEFS.chef1,
      });
      const theirs = await insertBooking(app.db, {
        date: slot.date,
        slot: slot.slot,
        locationId: FREMONT,
        chefId: CHEFS.chef2,
      });
      await privileged(
        app.db,
        (tx) =>
          tx`update public.bookings set notes = 'Peanut allergy (table 2)'
           where reference = ${mine}`,
      );
      // The office leaves a note for the chef through the Staff API.
      const manager = staffApi(app, await tokenAt(USERS.manager, now));
      const note = await manager("POST", `/bookings/${mine}/notes`, {
        body: "Gate code 4321",
        forChef: true,
      });
      assert.equal(note.status, 201);

      const chef = await signIn(app, "chef1@myhibachi.example");

      await t.step(
        "my events: mine only, what is needed, no money",
        async () => {
          const res = await chef.fetch(`${app.url}/admin/me`);
          assert.equal(res.status, 200);
          const html = await res.text();
          assert.match(html, new RegExp(`data-chef-event="${mine}"`));
          assert.doesNotMatch(html, new RegExp(theirs));
          assert.match(html, /Peanut allergy/);
          assert.match(html, /Gate code 4321/);
          assert.match(html, /1 Main St/);
          assert.match(html, /google\.com\/maps/);
          assert.doesNotMatch(html, /\$\d/);
        },
      );

      await t.step("staff without a chef profile get 403", async () => {
        const jar = await signIn(app, "manager@myhibachi.example");
        const res = await jar.fetch(`${app.url}/admin/me`);
        assert.equal(res.status, 403);
        await res.body?.cancel();
      });

      await t.step("prep list of the day, printable", async () => {
        const res = await chef.fetch(
          `${app.url}/admin/me/prep?date=${slot.date}`,
        );
        assert.equal(res.status, 200);
        const html = await res.text();
        assert.match(html, new RegExp(`data-prep-event="${mine}"`));
        assert.doesNotMatch(html, new RegExp(theirs));
        assert.match(html, /data-total-guests="10"/);
        // bookingPayload: 10 chicken + 10 steak servings.
        assert.match(html, /data-count="proteins:chicken"[^]*?>10</);
        assert.match(html, /data-count="proteins:steak"[^]*?>10</);
        assert.match(html, /href="\/print\.css" media="print"/);
        const css = await fetch(`${app.url}/print.css`);
        assert.equal(css.status, 200);
        assert.match(await css.text(), /@media print/);
        const other = await chef.fetch(
          `${app.url}/admin/me/prep?date=${slot.date}&chef=${CHEFS.chef2}`,
        );
        assert.equal(other.status, 403);
        await other.body?.cancel();
        const bad = await chef.fetch(`${app.url}/admin/me/prep?date=tomorrow`);
        assert.equal(bad.status, 422);
        await bad.body?.cancel();
      });

      await t.step("weekdays: a stranding removal is refused", async () => {
        const page = await (await chef.fetch(`${app.url}/admin/me`)).text();
        const csrf = csrfFrom(page);
        const forged = await postForm(chef, `${app.url}/admin/me`, {
          _csrf: "forged",
          _action: "weekdays",
          weekday: ["1", "2", "3", "4", "5", "6", "7"],
        });
        assert.equal(forged.status, 403);
        await forged.body?.cancel();
        // Kenji works Wed–Sun; dropping the event's weekday strands it.
        const keep = ["3", "4", "5", "6", "7"].filter((d) =>
          Number(d) !== slot.dow
        );
        const strand = await postForm(chef, `${app.url}/admin/me`, {
          _csrf: csrf,
          _action: "weekdays",
          weekday: keep,
        });
        assert.equal(strand.status, 409);
        assert.match(await strand.text(), new RegExp(`${mine}`));
        const bad = await postForm(chef, `${app.url}/admin/me`, {
          _csrf: csrf,
          _action: "weekdays",
          weekday: ["8"],
        });
        assert.equal(bad.status, 422);
        assert.match(await bad.text(), /weekdays/);
        // Adding Monday and Tuesday never strands anything.
        const ok = await postForm(chef, `${app.url}/admin/me`, {
          _csrf: csrf,
          _action: "weekdays",
          weekday: ["1", "2", "3", "4", "5", "6", "7"],
        });
        assert.equal(ok.status, 303);
        await ok.body?.cancel();
        const [row] = await privileged(
          app.db,
          (tx) =>
            tx<{ weekdays: number[]; audits: number }[]>`
            select weekdays, (select count(*)::int from public.audit_log
              where action = 'chef.weekdays_set' and entity_id = ${CHEFS.chef1})
              as audits
            from public.chefs where id = ${CHEFS.chef1}`,
        );
        assert.deepEqual(row.weekdays.map(Number), [1, 2, 3, 4, 5, 6, 7]);
        assert.equal(row.audits, 1);
      });

      await t.step("time off: requested, a bad range is 422", async () => {
        const csrf = csrfFrom(
          await (await chef.fetch(`${app.url}/admin/me`)).text(),
        );
        const bad = await postForm(chef, `${app.url}/admin/me`, {
          _csrf: csrf,
          _action: "time_off",
          startsOn: slot.date,
          endsOn: "2020-01-01",
        });
        assert.equal(bad.status, 422);
        assert.match(await bad.text(), /endsOn/);
        const res = await postForm(chef, `${app.url}/admin/me`, {
          _csrf: csrf,
          _action: "time_off",
          startsOn: slot.date,
          endsOn: slot.date,
          reason: "Family wedding",
        });
        assert.equal(res.status, 303);
        const after = await (await chef.fetch(
          `${app.url}${res.headers.get("location")}`,
        )).text();
        assert.match(after, /data-time-off="requested"/);
        assert.match(after, /Family wedding/);
      });

      await t.step("feed: issue, subscribe, rotate, revoke", async () => {
        const csrf = csrfFrom(
          await (await chef.fetch(`${app.url}/admin/me`)).text(),
        );
        const issue = async () => {
          const res = await postForm(chef, `${app.url}/admin/me`, {
            _csrf: csrf,
            _action: "feed_issue",
          });
          assert.equal(res.status, 200);
          const html = await res.text();
          const url = html.match(/data-feed-url[^>]*>([^<]+)</)?.[1];
          assert.ok(url, "the new feed URL is shown");
          assert.ok(url.startsWith(`${app.url}/api/calendar/`));
          return url;
        };
        const first = await issue();
        const ics = await fetch(first);
        assert.equal(ics.status, 200);
        assert.match(ics.headers.get("content-type") ?? "", /^text\/calendar/);
        const text = await ics.text();
        assert.match(text, /BEGIN:VCALENDAR/);
        assert.match(
          text,
          new RegExp(`UID:${mine.toLowerCase()}-chef@myhibachi`),
        );
        assert.doesNotMatch(text, new RegExp(theirs));
        assert.doesNotMatch(text, /\$\s?\d/);
        const second = await issue();
        assert.notEqual(first, second);
        const old = await fetch(first);
        assert.equal(old.status, 404);
        await old.body?.cancel();
        const now = await fetch(second);
        assert.equal(now.status, 200);
        await now.body?.cancel();
        const revoke = await postForm(chef, `${app.url}/admin/me`, {
          _csrf: csrf,
          _action: "feed_revoke",
        });
        assert.equal(revoke.status, 303);
        await revoke.body?.cancel();
        const gone = await fetch(second);
        assert.equal(gone.status, 404);
        await gone.body?.cancel();
        for (const path of ["nope.ics", `${"0".repeat(48)}.ics`, "x"]) {
          const r = await fetch(`${app.url}/api/calendar/${path}`);
          assert.equal(r.status, 404, path);
          await r.body?.cancel();
        }
        const [audit] = await privileged(
          app.db,
          (tx) =>
            tx<{ issued: number; revoked: number }[]>`
            select count(*) filter (where action = 'chef.calendar_feed_issued')::int as issued,
              count(*) filter (where action = 'chef.calendar_feed_revoked')::int as revoked
            from public.audit_log where entity_id = ${CHEFS.chef1}`,
        );
        assert.deepEqual(audit, { issued: 2, revoked: 1 });
      });
    } finally {
      await app.dispose();
    }
  },
});
