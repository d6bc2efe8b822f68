/**
 * The change forms of /admin/bookings/{ref} over real HTTP, without
 * JavaScript: reschedule, party/menu edit (re-quoted; bad input 422 on the
 * page), resend a mail and bulk chef assignment, each a CSRF-checked post
 * answered 303 with a notice. App clock injected.
 */
import assert from "node:assert/strict";
import { privileged } from "../../lib/db/mod.ts";
import { startApp } from "../support/app.ts";
import { fixedClock, testInstant } from "../support/clock.ts";
import { CHEFS, FREMONT } from "../db/fixtures.ts";
import { freeSlot, insertBooking, postForm, signIn } from "./support.ts";

const RATE_LIMITS =
  "quote=600/60s,holds=600/60s,bookings=600/60s,contact=600/60s,login=600/60s,login_email=600/60s";

function formFields(html: string, form: string): Record<string, string> {
  const m = html.match(
    new RegExp(`<form[^>]*data-form="${form}"[^>]*>([\\s\\S]*?)</form>`),
  );
  if (!m) throw new Error(`no ${form} form`);
  const out: Record<string, string> = {};
  for (const i of m[1].matchAll(/<input[^>]*>/g)) {
    const name = i[0].match(/name="([^"]+)"/)?.[1];
    const value = i[0].match(/value="([^"]*)"/)?.[1];
    if (name && value !== undefined) out[name] = value;
  }
  return out;
}

Deno.test({
  name: "admin booking page: reschedule, party, resend, bulk assign by form",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startApp({
      serve: true,
      clock: fixedClock(testInstant()),
      env: { SUPABASE_URL: null, RATE_LIMITS },
    });
    try {
      const { date, slot } = await freeSlot(app.db, Object.values(CHEFS));
      const ref = await insertBooking(app.db, {
        date,
        slot,
        locationId: FREMONT,
      });
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
      const jar = await signIn(app, "manager@myhibachi.example");
      const url = `${app.url}/admin/bookings/${ref}`;
      const page = async () => await (await jar.fetch(url)).text();
      const follow = async (res: Response) => {
        assert.equal(res.status, 303, await res.clone().text());
        await res.body?.cancel();
        return await (await jar.fetch(
          `${app.url}${res.headers.get("location")}`,
        )).text();
      };

      await t.step("the forms are on the page", async () => {
        const html = await page();
        for (const f of ["reschedule", "party", "resend", "bulk_assign"]) {
          assert.match(html, new RegExp(`data-form="${f}"`), f);
        }
      });

      await t.step("reschedule by form", async () => {
        const html = await follow(
          await postForm(jar, url, {
            ...formFields(await page(), "reschedule"),
            date: target.date,
            time: target.slot,
            confirm: "on",
          }),
        );
        assert.match(
          html,
          new RegExp(`Moved to ${target.date} ${target.slot}`),
        );
        assert.match(html, /data-event="rescheduled"/);
        // A stale form (read before the move) is refused with a reload hint.
        const stale = await postForm(jar, url, {
          ...formFields(html, "reschedule"),
          expectedUpdatedAt: "2020-01-01T00:00:00.000Z",
          date,
          time: slot,
        });
        assert.equal(stale.status, 409);
        assert.match(await stale.text(), /reload/i);
      });

      await t.step("party by form: re-quoted; bad counts 422", async () => {
        const fields = formFields(await page(), "party");
        assert.equal(fields.adults, "10");
        assert.equal(fields["protein:chicken"], "10");
        const bad = await postForm(jar, url, {
          ...fields,
          adults: "12",
        });
        assert.equal(bad.status, 422);
        assert.match(await bad.text(), /proteins/);
        const html = await follow(
          await postForm(jar, url, {
            ...fields,
            adults: "12",
            "protein:chicken": "12",
            "protein:steak": "12",
          }),
        );
        assert.match(html, /Party updated; new total \$/);
        assert.match(html, /12 guests/);
        assert.match(html, /data-event="party_changed"/);
      });

      await t.step("resend a mail by form", async () => {
        const html = await follow(
          await postForm(jar, url, {
            ...formFields(await page(), "resend"),
            kind: "booking_rescheduled",
          }),
        );
        assert.match(html, /booking rescheduled mail is queued again/);
        const none = await postForm(jar, url, {
          ...formFields(html, "resend"),
          kind: "booking_confirmed",
        });
        assert.equal(none.status, 404);
        await none.body?.cancel();
      });

      await t.step("bulk assignment by form", async () => {
        const html = await follow(
          await postForm(jar, url, formFields(await page(), "bulk_assign")),
        );
        assert.match(html, /Assigned chefs to \d+ of \d+ unassigned/);
        const [row] = await privileged(
          app.db,
          (tx) =>
            tx<{ chef_id: string | null }[]>`
            select chef_id from public.bookings where reference = ${ref}`,
        );
        assert.ok(row.chef_id, "the booking got a chef");
      });
    } finally {
      await app.dispose();
    }
  },
});
