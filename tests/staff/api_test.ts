/**
 * The Staff API (SPEC §5) over real HTTP on real PostgreSQL (when the
 * throwaway cluster is available): real access tokens from the embedded
 * auth, RLS and the staff SQL functions deciding.
 */
import assert from "node:assert/strict";
import { privileged } from "../../lib/db/mod.ts";
import { CHEFS, FREMONT, SACRAMENTO } from "../db/fixtures.ts";
import {
  bookFor,
  createPlainUser,
  freeSlot,
  insertBooking,
  startStaffApp,
} from "./support.ts";
import { accessToken, staffApi } from "./api_support.ts";

Deno.test({
  name: "Staff API over HTTP",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startStaffApp();
    try {
      const manager = staffApi(
        app,
        await accessToken(app, "manager@myhibachi.example"),
      );
      const admin = staffApi(
        app,
        await accessToken(app, "admin@myhibachi.example"),
      );
      const chef = staffApi(
        app,
        await accessToken(app, "chef1@myhibachi.example"),
      );
      const allChefs = Object.values(CHEFS);
      const { date, slot } = await freeSlot(app.db, allChefs);
      const fremont = await insertBooking(app.db, {
        date,
        slot,
        locationId: FREMONT,
      });
      const fremont2 = await insertBooking(app.db, {
        date,
        slot,
        locationId: FREMONT,
      });
      const sacramento = await insertBooking(app.db, {
        date,
        slot,
        locationId: SACRAMENTO,
        city: "Sacramento",
      });

      await t.step(
        "401 without or with a bad token, 403 for non-staff",
        async () => {
          assert.equal(
            (await staffApi(app, null)("GET", "/bookings")).status,
            401,
          );
          const bad = await staffApi(app, "not.a.jwt")("GET", "/bookings");
          assert.equal(bad.status, 401);
          assert.equal(bad.body.error.code, "UNAUTHORIZED");
          await createPlainUser(app, "plain-api@example.com");
          const plain = staffApi(
            app,
            await accessToken(app, "plain-api@example.com"),
          );
          const res = await plain("GET", "/bookings");
          assert.equal(res.status, 403);
          assert.equal(res.body.error.code, "FORBIDDEN");
          // The list checks staff in its own transaction (ADR 0043): a
          // refused query of a non-staff user is still a 403, not a 422.
          for (const path of ["/bookings?cursor=bad", "/bookings?limit=500"]) {
            const refused = await plain("GET", path);
            assert.equal(refused.status, 403, path);
            assert.equal(refused.body.error.code, "FORBIDDEN", path);
          }
          // Every other route is guarded by the middleware's own lookup.
          const other = await plain("GET", "/locations");
          assert.equal(other.status, 403);
          assert.equal(other.body.error.code, "FORBIDDEN");
        },
      );

      await t.step(
        "list: filters, RLS scope and keyset pagination",
        async () => {
          const res = await manager(
            "GET",
            `/bookings?from=${date}&to=${date}&limit=100`,
          );
          assert.equal(res.status, 200);
          const refs = res.body.items.map((i: { reference: string }) =>
            i.reference
          );
          assert.ok(refs.includes(fremont));
          assert.ok(
            !refs.includes(sacramento),
            "a Fremont manager never sees Sacramento",
          );
          const item = res.body.items.find((i: { reference: string }) =>
            i.reference === fremont
          );
          assert.equal(item.status, "pending_deposit");
          assert.equal(item.customer.name, "Test Customer");
          assert.equal(item.guests, 10);
          assert.equal(item.balanceDueCents, 59544);
          assert.equal(item.location.slug.length > 0, true);

          const all = await admin("GET", `/bookings?limit=100&q=${fremont}`);
          assert.deepEqual(
            all.body.items.map((i: { reference: string }) => i.reference),
            [fremont],
          );

          // Page through everything two at a time: no gaps, no repeats, in order.
          const full = await admin(
            "GET",
            "/bookings?limit=100&status=pending_deposit,confirmed",
          );
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const page: {
              status: number;
              body: {
                items: { reference: string }[];
                nextCursor: string | null;
              };
            } = await admin(
              "GET",
              `/bookings?limit=2&status=pending_deposit,confirmed${
                cursor ? `&cursor=${cursor}` : ""
              }`,
            );
            assert.equal(page.status, 200);
            seen.push(...page.body.items.map((i) => i.reference));
            cursor = page.body.nextCursor;
          } while (cursor && seen.length < 200);
          assert.deepEqual(
            seen.slice(0, full.body.items.length),
            full.body.items.map((i: { reference: string }) => i.reference),
          );

          // Search (index-backed under RLS): e-mail in any case, phone
          // digits, a lower-case reference prefix, name with a location
          // slug; never another location's booking.
          const emails = new Map(
            (await app.db.sql<{ reference: string; email: string }[]>`
              select b.reference, c.email::text as email
              from public.bookings b join public.customers c on c.id = b.customer_id
              where b.reference = any (${[fremont, sacramento]})`)
              .map((r) => [r.reference, r.email]),
          );
          const refsOf = (r: { body: { items: { reference: string }[] } }) =>
            r.body.items.map((i) => i.reference);
          const q = (s: string) => encodeURIComponent(s);
          assert.deepEqual(
            refsOf(
              await manager(
                "GET",
                `/bookings?q=${q(emails.get(fremont)!.toUpperCase())}`,
              ),
            ),
            [fremont],
          );
          // The same customer may also have booked in Fremont (customers
          // are matched by phone): the manager sees those, never Sacramento's.
          const other = await manager(
            "GET",
            `/bookings?q=${q(emails.get(sacramento)!)}`,
          );
          assert.ok(!refsOf(other).includes(sacramento));
          assert.ok(
            other.body.items.every((i: { location: { id: string } }) =>
              i.location.id === FREMONT
            ),
            "a Fremont manager cannot find a Sacramento booking",
          );
          assert.deepEqual(
            refsOf(
              await admin("GET", `/bookings?q=${q(emails.get(sacramento)!)}`),
            ).sort(),
            [sacramento].concat(refsOf(other)).sort(),
          );
          const byPhone = refsOf(
            await manager(
              "GET",
              `/bookings?q=${q("(510) 555-0100")}&from=${date}&to=${date}`,
            ),
          );
          assert.ok(byPhone.includes(fremont) && byPhone.includes(fremont2));
          assert.ok(!byPhone.includes(sacramento));
          assert.deepEqual(
            refsOf(
              await manager(
                "GET",
                `/bookings?q=${q(fremont.toLowerCase())}`,
              ),
            ),
            [fremont],
          );
          const byName = refsOf(
            await admin(
              "GET",
              `/bookings?q=${
                q("test cust")
              }&location=fremont&from=${date}&to=${date}`,
            ),
          );
          assert.ok(byName.includes(fremont) && byName.includes(fremont2));
          assert.ok(!byName.includes(sacramento));
          // The digits of a reference are no phone number: a customer whose
          // phone holds "366" is not found by searching "MH-366".
          const holder = await bookFor(app.db, FREMONT, {
            email: "phone-366@example.com",
            name: "Digit Holder",
            phone: "(510) 366-0000",
          });
          const byRefDigits = refsOf(
            await admin("GET", `/bookings?q=${q("MH-366")}`),
          );
          assert.ok(!byRefDigits.includes(holder.reference));
          assert.ok(byRefDigits.every((r) => r.startsWith("MH-366")));
          assert.ok(
            refsOf(await admin("GET", `/bookings?q=${q("510-366")}`))
              .includes(holder.reference),
            "the same digits typed as a phone number do find it",
          );
          const wild = await manager("GET", `/bookings?q=${q("%_\\")}`);
          assert.equal(wild.status, 200);
          assert.deepEqual(refsOf(wild), [], "LIKE wildcards are literal");

          const bad = await manager(
            "GET",
            "/bookings?limit=500&status=bogus&extra=1",
          );
          assert.equal(bad.status, 422);
          const paths = bad.body.error.issues.map((i: { path: string }) =>
            i.path
          ).sort();
          assert.deepEqual(paths, ["extra", "limit", "status"]);
        },
      );

      await t.step(
        "detail: 404 unknown, 403 other location, shape",
        async () => {
          assert.equal(
            (await manager("GET", "/bookings/MH-NOPE99")).status,
            404,
          );
          const other = await manager("GET", `/bookings/${sacramento}`);
          assert.equal(other.status, 403);
          const res = await manager("GET", `/bookings/${fremont}`);
          assert.equal(res.status, 200);
          assert.equal(res.body.reference, fremont);
          assert.equal(res.body.address.zip, "94539");
          assert.match(
            res.body.address.mapUrl,
            /^https:\/\/www\.google\.com\/maps/,
          );
          assert.deepEqual(res.body.payments, []);
          assert.ok(res.body.events.length >= 1);
          assert.deepEqual(res.body.internalNotes, []);
          assert.deepEqual(res.body.refundsDue, []);
        },
      );

      await t.step(
        "payments: 403 for chefs and other locations, 422, 400 without key",
        async () => {
          const body = { method: "zelle", amountCents: 10000 };
          const key = { "idempotency-key": crypto.randomUUID() };
          const byChef = await chef(
            "POST",
            `/bookings/${fremont}/payments`,
            body,
            key,
          );
          assert.equal(byChef.status, 403);
          const other = await manager(
            "POST",
            `/bookings/${sacramento}/payments`,
            body,
            key,
          );
          assert.equal(other.status, 403);
          const unknown = await manager(
            "POST",
            "/bookings/MH-NOPE99/payments",
            body,
            key,
          );
          assert.equal(unknown.status, 404);
          const zero = await manager("POST", `/bookings/${fremont}/payments`, {
            ...body,
            amountCents: 0,
          }, key);
          assert.equal(zero.status, 422);
          assert.equal(zero.body.error.issues[0].path, "amountCents");
          const huge = await manager(
            "POST",
            `/bookings/${fremont}/payments`,
            { ...body, amountCents: 5_000_000 },
            key,
          );
          assert.equal(huge.status, 422);
          assert.equal(huge.body.error.issues[0].path, "amountCents");
          const noKey = await manager(
            "POST",
            `/bookings/${fremont}/payments`,
            body,
          );
          assert.equal(noKey.status, 400);
          assert.equal(noKey.body.error.code, "IDEMPOTENCY_KEY_REQUIRED");
        },
      );

      await t.step(
        "a Zelle deposit confirms; the same key twice makes one row",
        async () => {
          const key = { "idempotency-key": `k-${crypto.randomUUID()}` };
          const body = {
            method: "zelle",
            amountCents: 10000,
            note: "Zelle conf 123",
          };
          const first = await manager(
            "POST",
            `/bookings/${fremont}/payments`,
            body,
            key,
          );
          assert.equal(first.status, 201, JSON.stringify(first.body));
          assert.equal(first.body.booking.status, "confirmed");
          assert.equal(first.body.booking.balanceDueCents, 59544 - 10000);
          assert.equal(first.body.payment.kind, "payment");
          const again = await manager(
            "POST",
            `/bookings/${fremont}/payments`,
            body,
            key,
          );
          assert.equal(again.status, 200);
          assert.equal(again.body.replayed, true);
          assert.equal(again.body.payment.id, first.body.payment.id);
          const [{ n }] = await app.db.sql<{ n: number }[]>`
          select count(*)::int as n from public.payments where idempotency_key = ${
            key["idempotency-key"]
          }`;
          assert.equal(n, 1);
          const reused = await manager(
            "POST",
            `/bookings/${fremont}/payments`,
            { ...body, amountCents: 500 },
            key,
          );
          assert.equal(reused.status, 409);
          assert.equal(reused.body.error.code, "IDEMPOTENCY_KEY_REUSED");
          const detail = await manager("GET", `/bookings/${fremont}`);
          assert.equal(detail.body.payments.length, 1);
          assert.equal(detail.body.payments[0].by, "Morgan Manager");
          assert.equal(detail.body.status, "confirmed");
        },
      );

      await t.step(
        "actions: invalid transition 409, notes, refund",
        async () => {
          const bad = await manager("POST", `/bookings/${fremont}/actions`, {
            action: "approve_cancellation",
          });
          assert.equal(bad.status, 409);
          assert.equal(bad.body.error.code, "INVALID_TRANSITION");
          const unknownKey = await manager(
            "POST",
            `/bookings/${fremont}/actions`,
            {
              action: "complete",
              extra: true,
            },
          );
          assert.equal(unknownKey.status, 422);
          assert.equal(unknownKey.body.error.issues[0].path, "extra");
          const note = await manager("POST", `/bookings/${fremont}/notes`, {
            body: "Gate code 4411",
            forChef: true,
          });
          assert.equal(note.status, 201);
          const refund = await manager("POST", `/bookings/${fremont}/refunds`, {
            method: "zelle",
            amountCents: 1000,
          });
          assert.equal(refund.status, 201, JSON.stringify(refund.body));
          assert.equal(refund.body.payment.kind, "refund");
          const detail = await manager("GET", `/bookings/${fremont}`);
          assert.equal(detail.body.internalNotes[0].body, "Gate code 4411");
          assert.equal(detail.body.balanceDueCents, 59544 - 9000);
        },
      );

      await t.step(
        "chef suggestions ranked; concurrent assignment one 200 one 409",
        async () => {
          const s = await manager(
            "GET",
            `/bookings/${fremont}/chef-suggestions`,
          );
          assert.equal(s.status, 200);
          const list = s.body.suggestions;
          assert.ok(list.length >= 1);
          for (const x of list) {
            assert.deepEqual(Object.keys(x.breakdown).sort(), [
              "distance",
              "partyFit",
              "preference",
              "rating",
              "workload",
            ]);
          }
          const best = list.find((x: { available: boolean }) => x.available);
          assert.ok(best, "some chef is available");
          assert.ok(best.breakdown.distance > 0, "distances were passed");
          const [a, b] = await Promise.all([
            manager("PUT", `/bookings/${fremont}/chef`, {
              chefId: best.chefId,
            }),
            manager("PUT", `/bookings/${fremont2}/chef`, {
              chefId: best.chefId,
            }),
          ]);
          const statuses = [a.status, b.status].sort();
          assert.deepEqual(
            statuses,
            [200, 409],
            JSON.stringify([a.body, b.body]),
          );
          const loser = a.status === 409 ? a : b;
          assert.equal(loser.body.error.code, "CHEF_UNAVAILABLE");
          const byChef = await chef("PUT", `/bookings/${fremont}/chef`, {
            chefId: best.chefId,
          });
          assert.equal(byChef.status, 403);
        },
      );

      await t.step("prep list and calendar", async () => {
        const [{ chef_id }] = await privileged(
          app.db,
          (tx) =>
            tx<{ chef_id: string }[]>`
            select chef_id::text from public.bookings
            where reference = any (${[
              fremont,
              fremont2,
            ]}) and chef_id is not null`,
        );
        const prep = await manager(
          "GET",
          `/prep-list?date=${date}&chef=${chef_id}`,
        );
        assert.equal(prep.status, 200, JSON.stringify(prep.body));
        assert.equal(prep.body.date, date);
        assert.ok(prep.body.guests >= 10);
        assert.ok(prep.body.proteins.chicken >= 10);
        const cal = await manager(
          "GET",
          `/calendar?from=${date}&to=${date}&location=${FREMONT}`,
        );
        assert.equal(cal.status, 200, JSON.stringify(cal.body));
        const day = cal.body.dates[0];
        assert.equal(day.date, date);
        const s = day.slots.find((x: { time: string }) => x.time === slot);
        assert.ok(
          s.bookings.some((x: { reference: string }) =>
            x.reference === fremont
          ),
        );
        const badCal = await manager(
          "GET",
          `/calendar?from=${date}&location=x`,
        );
        assert.equal(badCal.status, 422);
        assert.equal(badCal.body.error.issues[0].path, "to");
      });

      await t.step(
        "a chef lists only their own events, without money",
        async () => {
          const res = await chef("GET", "/bookings?limit=100");
          assert.equal(res.status, 200);
          for (const item of res.body.items) {
            assert.equal(item.chef?.id, CHEFS.chef1);
            assert.equal(item.totalCents, null);
            assert.equal(item.balanceDueCents, null);
          }
          const other = await chef("GET", `/bookings/${sacramento}`);
          assert.equal(other.status, 403);
          const prep = await chef("GET", `/prep-list?date=${date}`);
          assert.equal(prep.status, 200);
          assert.equal(prep.body.chef, "Chef Kenji");
        },
      );

      await t.step(
        "cancel with a reason; approving from confirmed is refused",
        async () => {
          const noReason = await manager(
            "POST",
            `/bookings/${fremont2}/actions`,
            { action: "cancel" },
          );
          assert.equal(noReason.status, 422, JSON.stringify(noReason.body));
          const ok = await manager("POST", `/bookings/${fremont2}/actions`, {
            action: "cancel",
            reason: "Customer called",
          });
          assert.equal(ok.status, 200, JSON.stringify(ok.body));
          assert.equal(ok.body.status, "cancelled");
          const again = await manager("POST", `/bookings/${fremont2}/actions`, {
            action: "cancel",
            reason: "twice",
          });
          assert.equal(again.status, 409);
          assert.equal(again.body.error.code, "INVALID_TRANSITION");
        },
      );
    } finally {
      await app.dispose();
    }
  },
});
