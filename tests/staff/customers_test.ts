/**
 * Customers over real HTTP and a real database (issue 11 item 1): search by
 * phone, name and e-mail with a cursor, a manager's location scope, the
 * customer's figures from the ledger, audited notes and tags, duplicate
 * suggestions and a concurrency-safe merge, export and erasure (refused
 * while a booking is open; ledger and counts kept). Chefs are refused.
 */
import assert from "node:assert/strict";
import { privileged } from "../../lib/db/mod.ts";
import { FREMONT, SACRAMENTO } from "../db/fixtures.ts";
import { accessToken, staffApi } from "./api_support.ts";
import { bookFor, startStaffApp } from "./support.ts";
import type { TestApp } from "../support/app.ts";

/** A booking for a customer at a location, with an address and a note. */
async function book(
  app: TestApp,
  location: string,
  customer: { email: string; name: string; phone: string },
) {
  return await bookFor(app.db, location, customer, {
    address_line1: "12 Privet Lane",
    notes: "Gate code 4411",
  });
}

async function pay(
  app: TestApp,
  bookingId: string,
  kind: "deposit" | "refund",
  cents: number,
): Promise<void> {
  await privileged(
    app.db,
    (tx) =>
      tx`insert into public.payments (booking_id, kind, method, amount_cents)
       values (${bookingId}, ${kind}, 'zelle', ${cents})`,
  );
}

async function auditOf(app: TestApp, action: string, entityId: string) {
  return await app.db.sql<{ details: Record<string, unknown> }[]>`
    select details from public.audit_log
    where action = ${action} and entity_id = ${entityId} order by id`;
}

Deno.test({
  name:
    "customers API: search, scope, figures, tags, merge, export and erasure",
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
      const dana = await book(app, FREMONT, {
        email: "Dana.Quill@example.com",
        name: "Dana Quill",
        phone: "(510) 555-7788",
      });
      const danaAgain = await book(app, FREMONT, {
        email: "dquill@work.example.com",
        name: "Dana Q",
        phone: "+1 510.555.7788",
      });
      const sacOnly = await book(app, SACRAMENTO, {
        email: "sam.sac@example.com",
        name: "Sam Quillfeather",
        phone: "9165550199",
      });
      await pay(app, dana.id, "deposit", 10000);
      await pay(app, dana.id, "refund", 2500);

      await t.step("chefs are refused by the database", async () => {
        for (
          const path of [
            "/customers?q=dana",
            `/customers/${dana.customerId}`,
            "/customers/duplicates",
          ]
        ) {
          const r = await chef("GET", path);
          assert.equal(r.status, 403, path);
          assert.equal(r.body.error.code, "FORBIDDEN");
        }
      });

      await t.step(
        "a manager finds customers by phone, name, e-mail",
        async () => {
          const byPhone = await manager("GET", "/customers?q=510-555-7788");
          assert.equal(byPhone.status, 200, JSON.stringify(byPhone.body));
          assert.deepEqual(
            byPhone.body.items.map((c: { id: string }) => c.id).sort(),
            [dana.customerId, danaAgain.customerId].sort(),
          );
          const byName = await manager("GET", "/customers?q=quil");
          const names = byName.body.items.map((c: { name: string }) => c.name);
          assert.ok(names.includes("Dana Quill"), names.join());
          assert.ok(
            !names.includes("Sam Quillfeather"),
            "a Sacramento customer is not a Fremont manager's",
          );
          const adminByName = await admin("GET", "/customers?q=quil");
          assert.ok(
            adminByName.body.items.some((c: { name: string }) =>
              c.name === "Sam Quillfeather"
            ),
          );
          const byEmailPrefix = await manager(
            "GET",
            "/customers?q=dquill@work",
          );
          assert.deepEqual(
            byEmailPrefix.body.items.map((c: { id: string }) => c.id),
            [danaAgain.customerId],
          );
          assert.equal(
            (await manager("GET", `/customers/${sacOnly.customerId}`)).status,
            404,
          );
        },
      );

      await t.step("pages follow the cursor without repeats", async () => {
        const first = await manager("GET", "/customers?q=510-555-7788&limit=1");
        assert.equal(first.body.items.length, 1);
        assert.ok(first.body.nextCursor);
        const second = await manager(
          "GET",
          `/customers?q=510-555-7788&limit=1&cursor=${first.body.nextCursor}`,
        );
        assert.equal(second.body.items.length, 1);
        assert.notEqual(second.body.items[0].id, first.body.items[0].id);
        assert.equal(second.body.nextCursor, null);
        const bad = await manager("GET", "/customers?cursor=nonsense");
        assert.equal(bad.status, 422);
        assert.equal(bad.body.error.issues[0].path, "cursor");
        const long = await manager("GET", `/customers?q=${"x".repeat(101)}`);
        assert.equal(long.status, 422);
        assert.equal(long.body.error.issues[0].path, "q");
      });

      await t.step(
        "the customer page: ledger LTV, party, bookings",
        async () => {
          const r = await manager("GET", `/customers/${dana.customerId}`);
          assert.equal(r.status, 200, JSON.stringify(r.body));
          assert.equal(r.body.lifetimeValueCents, 7500);
          assert.equal(r.body.paidCents, 10000);
          assert.equal(r.body.refundedCents, 2500);
          assert.equal(r.body.averageParty, 10);
          assert.deepEqual(
            r.body.bookings.map((b: { reference: string }) => b.reference),
            [dana.reference],
          );
        },
      );

      await t.step("tags and notes are validated and audited", async () => {
        const bad = await manager("PATCH", `/customers/${dana.customerId}`, {
          tags: ["no spaces allowed"],
        });
        assert.equal(bad.status, 422);
        assert.equal(bad.body.error.issues[0].path, "tags.0");
        const empty = await manager(
          "PATCH",
          `/customers/${dana.customerId}`,
          {},
        );
        assert.equal(empty.status, 422);
        const ok = await manager("PATCH", `/customers/${dana.customerId}`, {
          tags: ["VIP", "allergy-nuts", "vip"],
          notes: "Prefers the 5 pm slot.",
        });
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        assert.deepEqual(ok.body.tags, ["allergy-nuts", "vip"]);
        const [audit] = await auditOf(app, "customer.update", dana.customerId);
        assert.deepEqual(audit.details, {
          before: { notes: null, tags: [] },
          after: {
            notes: "Prefers the 5 pm slot.",
            tags: ["allergy-nuts", "vip"],
          },
        });
      });

      await t.step(
        "duplicates by phone merge in one audited step",
        async () => {
          const dups = await manager("GET", "/customers/duplicates");
          assert.equal(dups.status, 200);
          const pair = dups.body.items.find((
            p: { customer: { id: string }; duplicate: { id: string } },
          ) =>
            [p.customer.id, p.duplicate.id].sort().join() ===
              [dana.customerId, danaAgain.customerId].sort().join()
          );
          assert.ok(pair, "the pair is suggested");
          assert.equal(pair.reason, "same_phone");
          const self = await manager(
            "POST",
            `/customers/${dana.customerId}/merge`,
            {
              duplicateId: dana.customerId,
            },
          );
          assert.equal(self.status, 422);
          assert.equal(self.body.error.issues[0].path, "duplicateId");
          const r = await manager(
            "POST",
            `/customers/${dana.customerId}/merge`,
            {
              duplicateId: danaAgain.customerId,
            },
          );
          assert.equal(r.status, 200, JSON.stringify(r.body));
          const [{ owner }] = await app.db.sql<{ owner: string }[]>`
          select customer_id as owner from public.bookings where id = ${danaAgain.id}`;
          assert.equal(owner, dana.customerId, "the booking moved");
          const gone = await app.db.sql`
          select 1 from public.customers where id = ${danaAgain.customerId}`;
          assert.equal(gone.length, 0);
          const [audit] = await auditOf(app, "customer.merge", dana.customerId);
          const before = audit.details.before as Record<
            string,
            { email: string }
          >;
          assert.equal(before.duplicate.email, "dquill@work.example.com");
          assert.deepEqual(audit.details.moved_bookings, [danaAgain.reference]);
          const again = await manager(
            "POST",
            `/customers/${dana.customerId}/merge`,
            {
              duplicateId: danaAgain.customerId,
            },
          );
          assert.equal(again.status, 404);
        },
      );

      await t.step(
        "two merges of one pair at once: one wins, no booking is lost",
        async () => {
          const a = await book(app, FREMONT, {
            email: "race.a@example.com",
            name: "Race A",
            phone: "510 555 3131",
          });
          const b = await book(app, FREMONT, {
            email: "race.b@example.com",
            name: "Race B",
            phone: "5105553131",
          });
          const results = await Promise.all([
            manager("POST", `/customers/${a.customerId}/merge`, {
              duplicateId: b.customerId,
            }),
            manager("POST", `/customers/${b.customerId}/merge`, {
              duplicateId: a.customerId,
            }),
          ]);
          assert.deepEqual(results.map((r) => r.status).sort(), [200, 404]);
          const [{ n, owners }] = await app.db.sql<
            { n: number; owners: number }[]
          >`select count(*)::int as n, count(distinct customer_id)::int as owners
          from public.bookings where id in (${a.id}, ${b.id})`;
          assert.equal(n, 2);
          assert.equal(owners, 1);
        },
      );

      await t.step("export is a JSON download, audited", async () => {
        const res = await fetch(
          `${app.url}/api/staff/customers/${dana.customerId}/export`,
          {
            headers: {
              authorization: `Bearer ${await accessToken(
                app,
                "manager@myhibachi.example",
              )}`,
            },
          },
        );
        assert.equal(res.status, 200);
        assert.match(
          res.headers.get("content-disposition") ?? "",
          /^attachment; filename="customer-/,
        );
        const doc = await res.json();
        assert.equal(doc.customer.email, "Dana.Quill@example.com");
        assert.equal(doc.bookings.length, 2);
        assert.equal(doc.bookings[0].addressLine1, "12 Privet Lane");
        assert.equal(
          (await auditOf(app, "customer.export", dana.customerId)).length,
          1,
        );
      });

      await t.step(
        "erasure: refused while a booking is open, then anonymises",
        async () => {
          const refused = await manager(
            "POST",
            `/customers/${dana.customerId}/erase`,
          );
          assert.equal(refused.status, 409, JSON.stringify(refused.body));
          assert.match(refused.body.error.message, /upcoming booking/);
          const [still] = await app.db.sql<{ name: string }[]>`
          select name from public.customers where id = ${dana.customerId}`;
          assert.equal(still.name, "Dana Quill", "a refusal changes nothing");

          await privileged(
            app.db,
            (tx) =>
              tx`update public.bookings set status = case
               when status = 'confirmed' then 'completed' else 'cancelled' end
             where customer_id = ${dana.customerId}`,
          );
          const [ledgerBefore] = await app.db.sql<{ n: number; sum: number }[]>`
          select count(*)::int as n, sum(amount_cents)::int as sum from public.payments
          where booking_id in (${dana.id}, ${danaAgain.id})`;
          const r = await manager(
            "POST",
            `/customers/${dana.customerId}/erase`,
          );
          assert.equal(r.status, 200, JSON.stringify(r.body));
          assert.equal(r.body.name, "Erased customer");
          assert.equal(r.body.phone, null);
          assert.ok(r.body.erasedAt);
          const [c] = await app.db.sql<
            { email: string; notes: string | null; tags: string[] }[]
          >`select email::text as email, notes, tags from public.customers
          where id = ${dana.customerId}`;
          assert.match(c.email, /@erased\.invalid$/);
          assert.equal(c.notes, null);
          assert.deepEqual(c.tags, []);
          const bookings = await app.db.sql<
            { address_line1: string; notes: string | null; status: string }[]
          >`select address_line1, notes, status from public.bookings
          where customer_id = ${dana.customerId}`;
          assert.equal(bookings.length, 2, "bookings stay");
          for (const b of bookings) {
            assert.equal(b.address_line1, "erased");
            assert.equal(b.notes, null);
          }
          const [ledgerAfter] = await app.db.sql<{ n: number; sum: number }[]>`
          select count(*)::int as n, sum(amount_cents)::int as sum from public.payments
          where booking_id in (${dana.id}, ${danaAgain.id})`;
          assert.deepEqual(ledgerAfter, ledgerBefore, "the ledger stays");
          const [{ leaks }] = await app.db.sql<{ leaks: number }[]>`
          select count(*)::int as leaks from public.booking_events
          where booking_id in (${dana.id}, ${danaAgain.id})
            and (coalesce(before::text, '') || coalesce(after::text, '')) ~ 'Privet|4411'`;
          assert.equal(
            leaks,
            0,
            "the booking history keeps no address or note",
          );
          const [{ auditLeaks }] = await app.db.sql<{ auditLeaks: number }[]>`
          select count(*)::int as "auditLeaks" from public.audit_log
          where entity = 'customers' and entity_id = ${dana.customerId}
            and details::text ~* 'quill|5 pm'`;
          assert.equal(auditLeaks, 0, "nor the customer's audit rows");
          assert.equal(
            (await auditOf(app, "customer.erase", dana.customerId)).length,
            1,
          );
          const after = await manager("GET", `/customers/${dana.customerId}`);
          assert.equal(after.body.lifetimeValueCents, 7500, "LTV is kept");
          const edit = await manager("PATCH", `/customers/${dana.customerId}`, {
            tags: ["vip"],
          });
          assert.equal(edit.status, 409);
        },
      );
    } finally {
      await app.dispose();
    }
  },
});
