/**
 * Staff cancel a batch of spam bookings in one action (issue 9, ADR 0015):
 * `POST /api/staff/bookings/cancel-batch` with real access tokens, and the
 * checkboxes of `/admin/bookings` with a signed-in manager. Only unpaid
 * pending bookings of the caller's locations are cancelled; each gets its
 * history event and audit row, the batch one more audit row, nobody is
 * mailed; chefs are refused.
 */
import assert from "node:assert/strict";
import { privileged } from "../../lib/db/mod.ts";
import type { TestApp } from "../support/app.ts";
import { bookingPayload, FREMONT, SACRAMENTO } from "../db/fixtures.ts";
import { accessToken, staffApi } from "./api_support.ts";
import { csrfFrom, postForm, signIn, startStaffApp } from "./support.ts";

/** `count` distinct open slots of `location` from 10 days out. */
async function openSlots(
  app: TestApp,
  location: string,
  count: number,
): Promise<{ date: string; slot: string }[]> {
  return await app.db.sql<{ date: string; slot: string }[]>`
    select event_date::text as date, slot_time as slot
    from public.slot_availability(${location}::uuid, current_date + 10, current_date + 60)
    where available > 0 order by event_date, slot_time limit ${count}`;
}

/** A pending booking (app.create_booking, as the API does); its reference. */
async function booking(
  app: TestApp,
  location: string,
  at: { date: string; slot: string },
): Promise<string> {
  const { payload } = await bookingPayload(at.date, at.slot, {
    location_id: location,
  });
  return await privileged(app.db, async (tx) => {
    const [b] = await tx<{ reference: string }[]>`
      select reference from app.create_booking(${tx.json(payload as never)})`;
    return b.reference;
  });
}

async function statusOf(app: TestApp, ref: string): Promise<string> {
  const [r] = await app.db.sql<{ status: string }[]>`
    select status from public.bookings where reference = ${ref}`;
  return r.status;
}

Deno.test({
  name:
    "staff batch cancel: unpaid pending bookings cancelled in one audited action; others skipped; chefs refused",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const app = await startStaffApp();
    try {
      const fremont = await openSlots(app, FREMONT, 6);
      const [sac] = await openSlots(app, SACRAMENTO, 1);
      const [a, b, partly, paid, pageOne] = await Promise.all(
        fremont.slice(0, 5).map((s) => booking(app, FREMONT, s)),
      );
      const other = await booking(app, SACRAMENTO, sac);
      await app.db.sql`
        insert into public.payments (booking_id, kind, method, amount_cents, provider_reference)
        select id, 'deposit', 'cash', 1000, 'partly-' || reference
        from public.bookings where reference = ${partly}`;
      await app.db.sql`
        insert into public.payments (booking_id, kind, method, amount_cents, provider_reference)
        select id, 'deposit', 'cash', deposit_cents, 'paid-' || reference
        from public.bookings where reference = ${paid}`;
      assert.equal(await statusOf(app, partly), "pending_deposit");
      assert.equal(await statusOf(app, paid), "confirmed");

      const manager = staffApi(
        app,
        await accessToken(app, "manager@myhibachi.example"),
      );
      const chef = staffApi(
        app,
        await accessToken(app, "chef1@myhibachi.example"),
      );

      await t.step("bad bodies are 422 with the field", async () => {
        const empty = await manager("POST", "/bookings/cancel-batch", {
          references: [],
          reason: "spam",
        });
        assert.equal(empty.status, 422);
        assert.deepEqual(
          empty.body.error.issues.map((i: { path: string }) => i.path),
          ["references"],
        );
        const noReason = await manager("POST", "/bookings/cancel-batch", {
          references: [a],
        });
        assert.equal(noReason.status, 422);
        assert.equal(noReason.body.error.issues[0].path, "reason");
        const tooMany = await manager("POST", "/bookings/cancel-batch", {
          references: Array.from({ length: 101 }, () => a),
          reason: "spam",
        });
        assert.equal(tooMany.status, 422);
        assert.equal(await statusOf(app, a), "pending_deposit");
      });

      await t.step("a chef may not cancel", async () => {
        const res = await chef("POST", "/bookings/cancel-batch", {
          references: [a],
          reason: "spam",
        });
        assert.equal(res.status, 403);
        assert.equal(await statusOf(app, a), "pending_deposit");
      });

      await t.step(
        "a manager cancels the unpaid pending ones of their location",
        async () => {
          const res = await manager("POST", "/bookings/cancel-batch", {
            references: [a, b.toLowerCase(), partly, paid, other, "MH-ZZZZ22"],
            reason: "Spam from one client",
          });
          assert.equal(res.status, 200, JSON.stringify(res.body));
          assert.deepEqual(
            res.body.cancelled.map((c: { reference: string }) => c.reference)
              .sort(),
            [a, b].sort(),
          );
          const skipped = Object.fromEntries(
            res.body.skipped.map((
              s: { reference: string; reason: string },
            ) => [s.reference, s.reason]),
          );
          assert.deepEqual(skipped, {
            [partly]: "paid",
            [paid]: "not_pending",
            [other]: "not_found",
            "MH-ZZZZ22": "not_found",
          });
          assert.equal(await statusOf(app, a), "cancelled");
          assert.equal(await statusOf(app, b), "cancelled");
          assert.equal(await statusOf(app, partly), "pending_deposit");
          assert.equal(await statusOf(app, other), "pending_deposit");
        },
      );

      await t.step(
        "history events and audit rows; nobody is mailed",
        async () => {
          const events = await app.db.sql<
            { reference: string; actor: string; note: string }[]
          >`
            select b.reference, e.actor, e.note from public.booking_events e
            join public.bookings b on b.id = e.booking_id
            where b.reference in (${a}, ${b}) and e.type = 'cancelled'
            order by b.reference`;
          assert.deepEqual(
            events.map((e) => [e.actor, e.note]),
            [["staff", "Spam from one client"], [
              "staff",
              "Spam from one client",
            ]],
          );
          const audit = await app.db.sql<
            { action: string; details: Record<string, unknown> }[]
          >`
            select action, details from public.audit_log
            where action in ('booking.cancel', 'booking.batch_cancelled')
              and actor_id = '20000000-0000-4000-8000-000000000002'
            order by id`;
          assert.deepEqual(audit.map((r) => r.action), [
            "booking.cancel",
            "booking.cancel",
            "booking.batch_cancelled",
          ]);
          const batch = audit[2].details as {
            cancelled: unknown[];
            skipped: unknown[];
            reason: string;
          };
          assert.equal(batch.cancelled.length, 2);
          assert.equal(batch.skipped.length, 4);
          assert.equal(batch.reason, "Spam from one client");
          const [{ n }] = await app.db.sql<{ n: number }[]>`
            select count(*)::int as n from public.notifications nt
            join public.bookings bk on bk.id = nt.booking_id
            where bk.reference in (${a}, ${b}) and nt.kind = 'booking_cancelled'`;
          assert.equal(n, 0);
        },
      );

      await t.step(
        "/admin/bookings: a manager ticks bookings and cancels them; a chef sees no checkboxes",
        async () => {
          const jar = await signIn(app, "manager@myhibachi.example");
          const list = await jar.fetch(
            `${app.url}/admin/bookings?status=pending_deposit&q=${pageOne}`,
          );
          const html = await list.text();
          assert.equal(list.status, 200);
          assert.match(html, new RegExp(`name="ref" value="${pageOne}"`));
          const res = await postForm(jar, `${app.url}/admin/bookings`, {
            _csrf: csrfFrom(html),
            back: `?status=pending_deposit&q=${pageOne}`,
            reason: "Spam",
            ref: [pageOne],
          });
          assert.equal(res.status, 303);
          await res.body?.cancel();
          const to = res.headers.get("location") ?? "";
          assert.ok(to.startsWith("/admin/bookings?"), to);
          const params = new URL(to, app.url).searchParams;
          assert.equal(params.get("status"), "pending_deposit");
          assert.equal(params.get("notice"), "Cancelled 1 booking.");
          assert.equal(await statusOf(app, pageOne), "cancelled");
          const after = await jar.fetch(`${app.url}${to}`);
          assert.match(await after.text(), /Cancelled 1 booking\./);

          const chefJar = await signIn(app, "chef1@myhibachi.example");
          const chefList = await chefJar.fetch(`${app.url}/admin/bookings`);
          const chefHtml = await chefList.text();
          assert.equal(chefList.status, 200);
          assert.doesNotMatch(chefHtml, /name="ref"/);
          const refused = await postForm(
            chefJar,
            `${app.url}/admin/bookings`,
            { _csrf: csrfFrom(chefHtml), reason: "Spam", ref: [partly] },
          );
          assert.equal(refused.status, 303);
          await refused.body?.cancel();
          assert.match(
            new URL(refused.headers.get("location") ?? "", app.url)
              .searchParams.get("notice") ?? "",
            /^Nothing cancelled/,
          );
          assert.equal(await statusOf(app, partly), "pending_deposit");
        },
      );
    } finally {
      await app.dispose();
    }
  },
});
