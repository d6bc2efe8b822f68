/**
 * The audit log viewer (issue 11): `GET /api/staff/audit` and /admin/audit
 * over real HTTP: filters by actor, action, entity and date, keyset pages,
 * before/after diffs, admins only.
 */
import assert from "node:assert/strict";
import { auditChanges } from "../../lib/audit/diff.ts";
import { addDays } from "../../lib/booking_window/mod.ts";
import { accessToken, staffApi } from "./api_support.ts";
import { signIn, startStaffApp } from "./support.ts";

Deno.test("auditChanges: before/after objects and from/to values", () => {
  assert.deepEqual(
    auditChanges({
      before: { a: 1, b: [1, 2], c: "x" },
      after: { a: 2, b: [1, 2], d: true },
    }),
    [
      { field: "a", before: 1, after: 2 },
      { field: "c", before: "x", after: null },
      { field: "d", before: null, after: true },
    ],
  );
  assert.deepEqual(auditChanges({ from: "confirmed", to: "cancelled" }), [
    { field: "value", before: "confirmed", after: "cancelled" },
  ]);
  assert.deepEqual(auditChanges({ reference: "MH-X" }), []);
  assert.deepEqual(auditChanges(null), []);
});

Deno.test({
  name: "audit API and page: filters, pages, diff, admins only",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startStaffApp();
    try {
      const admin = staffApi(
        app,
        await accessToken(app, "admin@myhibachi.example"),
      );
      const manager = staffApi(
        app,
        await accessToken(app, "manager@myhibachi.example"),
      );
      const [{ today }] = await app.db.sql<{ today: string }[]>`
        select app.business_today(${app.parts.clock()}) as today`;
      // Something to find: a scheduled price change and a retired add-on.
      const saved = await admin("PUT", "/settings", {
        effectiveFrom: addDays(today, 14),
        baseVersionId: 1,
        baseRevision: 1,
        settings: { adultPriceCents: 6000, depositCents: 12000 },
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      const retired = await admin("PATCH", "/menu-items/edamame", {
        active: false,
      });
      assert.equal(retired.status, 200);
      // An old row by someone else (the system), dated last year.
      await app.db.sql`
        insert into public.audit_log (actor, action, entity, entity_id, at)
        values ('system', 'fixture.old', 'bookings', 'x', now() - interval '400 days')`;

      await t.step("managers and anonymous callers are refused", async () => {
        assert.equal((await manager("GET", "/audit")).status, 403);
        assert.equal((await staffApi(app, null)("GET", "/audit")).status, 401);
      });

      await t.step("filter by action prefix, with the diff", async () => {
        const r = await admin("GET", "/audit?action=settings");
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.items.length, 1);
        const [e] = r.body.items;
        assert.equal(e.action, "settings.schedule");
        assert.equal(e.actorEmail, "admin@myhibachi.example");
        assert.deepEqual(
          e.changes.map((c: { field: string }) => c.field),
          ["adult_price_cents", "deposit_cents"],
        );
        assert.deepEqual(e.changes[0], {
          field: "adult_price_cents",
          before: 5500,
          after: 6000,
        });
        const exact = await admin("GET", "/audit?action=menu_item.retire");
        assert.equal(exact.body.items.length, 1);
        assert.equal(exact.body.items[0].entityId, "edamame");
        assert.deepEqual(exact.body.items[0].changes, [
          { field: "active", before: true, after: false },
        ]);
      });

      await t.step("filter by actor, entity and date", async () => {
        const byAdmin = await admin(
          "GET",
          "/audit?actor=admin@myhibachi.example&limit=200",
        );
        assert.ok(byAdmin.body.items.length >= 2);
        assert.ok(
          byAdmin.body.items.every((e: { actorEmail: string }) =>
            e.actorEmail === "admin@myhibachi.example"
          ),
        );
        const bySystem = await admin(
          "GET",
          "/audit?actor=system&entity=bookings",
        );
        assert.ok(
          bySystem.body.items.some((e: { action: string }) =>
            e.action === "fixture.old"
          ),
        );
        const entity = await admin(
          "GET",
          "/audit?entity=menu_items&entityId=edamame",
        );
        assert.equal(entity.body.items.length, 1);
        const recent = await admin(
          "GET",
          `/audit?from=${addDays(today, -1)}&to=${addDays(today, 1)}&limit=200`,
        );
        assert.ok(
          !recent.body.items.some((e: { action: string }) =>
            e.action === "fixture.old"
          ),
        );
        assert.ok(
          recent.body.items.some((e: { action: string }) =>
            e.action === "settings.schedule"
          ),
        );
      });

      await t.step("keyset pages and bad filters", async () => {
        const first = await admin("GET", "/audit?limit=1");
        assert.equal(first.body.items.length, 1);
        assert.ok(first.body.nextCursor);
        const second = await admin(
          "GET",
          `/audit?limit=1&cursor=${first.body.nextCursor}`,
        );
        assert.equal(second.body.items.length, 1);
        assert.ok(second.body.items[0].id < first.body.items[0].id);
        const bad = await admin("GET", "/audit?from=2027-13-01");
        assert.equal(bad.status, 422);
        assert.equal(bad.body.error.issues[0].path, "from");
        const order = await admin(
          "GET",
          "/audit?from=2027-02-02&to=2027-02-01",
        );
        assert.equal(order.status, 422);
        assert.equal(order.body.error.issues[0].path, "to");
        const unknown = await admin("GET", "/audit?sort=asc");
        assert.equal(unknown.status, 422);
      });

      await t.step("the page filters and shows before/after", async () => {
        const jar = await signIn(app, "admin@myhibachi.example");
        const res = await jar.fetch(
          `${app.url}/admin/audit?action=settings&actor=&entity=`,
        );
        assert.equal(res.status, 200);
        const html = await res.text();
        assert.match(html, /data-action="settings.schedule"/);
        assert.doesNotMatch(html, /data-action="menu_item.retire"/);
        assert.match(html, /data-change="adult_price_cents"/);
        assert.match(html, /<del>5500<\/del>/);
        assert.match(html, /<ins>6000<\/ins>/);
        const bad = await jar.fetch(`${app.url}/admin/audit?to=yesterday`);
        assert.equal(bad.status, 422);
        await bad.body?.cancel();
        const mgr = await signIn(app, "manager@myhibachi.example");
        const forbidden = await mgr.fetch(`${app.url}/admin/audit`);
        assert.equal(forbidden.status, 403);
        await forbidden.body?.cancel();
      });
    } finally {
      await app.dispose();
    }
  },
});
