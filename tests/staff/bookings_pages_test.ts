/**
 * /admin/bookings and /admin/bookings/{ref} over real HTTP: a signed-in
 * manager finds a booking, records a Zelle deposit through the form (CSRF,
 * idempotency key of the rendered form) and the booking becomes confirmed.
 */
import assert from "node:assert/strict";
import { CHEFS, FREMONT, SACRAMENTO } from "../db/fixtures.ts";
import {
  csrfFrom,
  freeSlot,
  insertBooking,
  postForm,
  signIn,
  startStaffApp,
} from "./support.ts";

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
  name: "admin booking pages: list, detail, Zelle deposit by form",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startStaffApp();
    try {
      const { date, slot } = await freeSlot(app.db, Object.values(CHEFS));
      const ref = await insertBooking(app.db, {
        date,
        slot,
        locationId: FREMONT,
      });
      const other = await insertBooking(app.db, {
        date,
        slot,
        locationId: SACRAMENTO,
        city: "Sacramento",
      });
      const jar = await signIn(app, "manager@myhibachi.example");

      await t.step("the list filters by the URL", async () => {
        const res = await jar.fetch(
          `${app.url}/admin/bookings?q=${ref}&from=${date}`,
        );
        assert.equal(res.status, 200);
        const html = await res.text();
        assert.match(html, new RegExp(`data-booking="${ref}"`));
        assert.doesNotMatch(html, new RegExp(`data-booking="${other}"`));
        const bad = await jar.fetch(`${app.url}/admin/bookings?limit=9999`);
        assert.equal(bad.status, 422);
        await bad.body?.cancel();
        // A bad cursor: 422 on the page, with the filter form's options
        // (read in the same transaction as the page, ADR 0052).
        const cursor = await jar.fetch(`${app.url}/admin/bookings?cursor=x`);
        assert.equal(cursor.status, 422);
        const cursorHtml = await cursor.text();
        assert.match(cursorHtml, /The cursor is invalid/);
        assert.match(cursorHtml, /<option[^>]*value="fremont"/);
      });

      await t.step("detail: 404, 403 and the page", async () => {
        const missing = await jar.fetch(`${app.url}/admin/bookings/MH-NOPE99`);
        assert.equal(missing.status, 404);
        await missing.body?.cancel();
        const forbidden = await jar.fetch(`${app.url}/admin/bookings/${other}`);
        assert.equal(forbidden.status, 403);
        await forbidden.body?.cancel();
        const res = await jar.fetch(`${app.url}/admin/bookings/${ref}`);
        assert.equal(res.status, 200);
        const html = await res.text();
        assert.match(html, /data-booking-status="pending_deposit"/);
        assert.match(html, /data-map-link/);
        assert.match(html, /data-suggestion="/);
      });

      await t.step("a Zelle deposit recorded by form confirms", async () => {
        const page = await (await jar.fetch(`${app.url}/admin/bookings/${ref}`))
          .text();
        const fields = formFields(page, "payment");
        const url = `${app.url}/admin/bookings/${ref}`;
        const noCsrf = await postForm(jar, url, {
          ...fields,
          _csrf: "forged",
          method: "zelle",
          amount: "100.00",
        });
        assert.equal(noCsrf.status, 403);
        await noCsrf.body?.cancel();
        const zero = await postForm(jar, url, {
          ...fields,
          method: "zelle",
          amount: "0",
        });
        assert.equal(zero.status, 422);
        assert.match(await zero.text(), /amountCents/);
        const submit = {
          ...fields,
          _csrf: csrfFrom(page),
          method: "zelle",
          amount: "100.00",
          note: "Zelle conf 778",
          confirm: "on",
        };
        const res = await postForm(jar, url, submit);
        assert.equal(res.status, 303, await res.clone().text());
        await res.body?.cancel();
        // A double submit of the same rendered form writes nothing more.
        const again = await postForm(jar, url, submit);
        assert.equal(again.status, 303);
        await again.body?.cancel();
        const after = await (await jar.fetch(
          res.headers.get("location")!.startsWith("http")
            ? res.headers.get("location")!
            : `${app.url}${res.headers.get("location")}`,
        )).text();
        assert.match(after, /data-booking-status="confirmed"/);
        assert.equal([...after.matchAll(/data-payment="/g)].length, 1);
        const [{ status }] = await app.db.sql<{ status: string }[]>`
          select status from public.bookings where reference = ${ref}`;
        assert.equal(status, "confirmed");
      });
    } finally {
      await app.dispose();
    }
  },
});
