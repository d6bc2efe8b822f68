/**
 * Staff management over real HTTP (issue 11): role and locations,
 * deactivation ending the member's sessions at once, reactivation, the
 * audit trail, and the last admin (also under a race) — through
 * `PATCH /api/staff/members/{id}` and the /admin/staff forms.
 */
import assert from "node:assert/strict";
import { CHEFS, SACRAMENTO, staffClaims, USERS } from "../db/fixtures.ts";
import { withClaims } from "../../lib/db/mod.ts";
import { memberError } from "../../lib/staff/members.ts";
import { accessToken, staffApi } from "./api_support.ts";
import { csrfFrom, postForm, signIn, startStaffApp } from "./support.ts";
import type { TestApp } from "../support/app.ts";

const CHEF1 = USERS.chef1;
const CHEF2 = "20000000-0000-4000-8000-000000000012";
const CHEF3 = "20000000-0000-4000-8000-000000000013";
const ADMIN = USERS.admin;
const MANAGER = USERS.manager;

async function auditActions(app: TestApp, userId: string): Promise<string[]> {
  const rows = await app.db.sql<{ action: string }[]>`
    select action from public.audit_log
    where entity = 'staff' and entity_id = ${userId} order by id`;
  return rows.map((r) => r.action);
}

Deno.test({
  name: "staff members: roles, locations, deactivation, last admin",
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

      await t.step(
        "only admins change members (the database refuses)",
        async () => {
          const r = await manager("PATCH", `/members/${CHEF2}`, {
            role: "manager",
          });
          assert.equal(r.status, 403, JSON.stringify(r.body));
          assert.deepEqual(await auditActions(app, CHEF2), []);
          const list = await admin("GET", "/members");
          assert.equal(list.status, 200);
          assert.ok(list.body.items.length >= 8);
        },
      );

      await t.step("an admin changes role and locations, audited", async () => {
        const r = await admin("PATCH", `/members/${CHEF2}`, {
          role: "manager",
          locationIds: [SACRAMENTO],
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.role, "manager");
        assert.deepEqual(r.body.locationIds, [SACRAMENTO]);
        const [row] = await app.db.sql<
          { details: { before: { role: string }; after: { role: string } } }[]
        >`
          select details from public.audit_log
          where action = 'staff.update' and entity_id = ${CHEF2}`;
        assert.equal(row.details.before.role, "chef");
        assert.equal(row.details.after.role, "manager");
      });

      await t.step("bad input is 422 with paths, stale is 409", async () => {
        const role = await admin("PATCH", `/members/${CHEF2}`, {
          role: "owner",
        });
        assert.equal(role.status, 422);
        assert.equal(role.body.error.issues[0].path, "role");
        const loc = await admin("PATCH", `/members/${CHEF2}`, {
          locationIds: ["nope"],
        });
        assert.equal(loc.status, 422);
        assert.equal(loc.body.error.issues[0].path, "locationIds.0");
        const unknownLoc = await admin("PATCH", `/members/${CHEF2}`, {
          locationIds: ["10000000-0000-4000-8000-000000000077"],
        });
        assert.equal(unknownLoc.status, 422);
        assert.equal(unknownLoc.body.error.issues[0].path, "locationIds");
        const empty = await admin("PATCH", `/members/${CHEF2}`, {});
        assert.equal(empty.status, 422);
        const stale = await admin("PATCH", `/members/${CHEF2}`, {
          role: "chef",
          expectedUpdatedAt: "2020-01-01T00:00:00Z",
        });
        assert.equal(stale.status, 409);
        assert.equal(stale.body.error.code, "STALE_STAFF");
        const missing = await admin(
          "PATCH",
          "/members/99999999-0000-4000-8000-000000000000",
          { role: "chef" },
        );
        assert.equal(missing.status, 404);
      });

      await t.step(
        "deactivation ends the member's sessions at once",
        async () => {
          const jar = await signIn(app, "chef1@myhibachi.example");
          const chefApi = staffApi(
            app,
            await accessToken(app, "chef1@myhibachi.example"),
          );
          const before = await jar.fetch(`${app.url}/admin`);
          assert.equal(before.status, 200);
          await before.body?.cancel();
          assert.equal((await chefApi("GET", "/bookings")).status, 200);

          const r = await admin("PATCH", `/members/${CHEF1}`, {
            active: false,
          });
          assert.equal(r.status, 200, JSON.stringify(r.body));
          assert.equal(r.body.active, false);

          const after = await jar.fetch(`${app.url}/admin`);
          assert.notEqual(after.status, 200);
          await after.body?.cancel();
          const api = await chefApi("GET", "/bookings");
          assert.ok([401, 403].includes(api.status), String(api.status));
          const [chef] = await app.db.sql<{ active: boolean }[]>`
          select active from public.chefs where user_id = ${CHEF1}`;
          assert.equal(chef.active, false);

          const back = await admin("PATCH", `/members/${CHEF1}`, {
            active: true,
          });
          assert.equal(back.status, 200);
          assert.equal(back.body.active, true);
          assert.deepEqual(await auditActions(app, CHEF1), [
            "staff.deactivate",
            "staff.reactivate",
          ]);
        },
      );

      await t.step("the last admin stays, even under a race", async () => {
        const self = await admin("PATCH", `/members/${ADMIN}`, {
          role: "manager",
        });
        assert.equal(self.status, 409);
        assert.equal(self.body.error.code, "LAST_ADMIN");
        const off = await admin("PATCH", `/members/${ADMIN}`, {
          active: false,
        });
        assert.equal(off.status, 409);
        // Two admins demote each other at the same moment: the second
        // waits for the first (both passed their admin check) and is
        // refused when it sees the first one's commit.
        const promoted = await admin("PATCH", `/members/${MANAGER}`, {
          role: "admin",
        });
        assert.equal(promoted.status, 200);
        // (PGlite serves one connection: two open transactions cannot
        // exist there, so the race is a PostgreSQL-only situation.)
        if (app.db.kind === "postgres") {
          let release!: () => void;
          const gate = new Promise<void>((r) => (release = r));
          let firstDone!: () => void;
          const firstWrote = new Promise<void>((r) => (firstDone = r));
          const first = withClaims(app.db, staffClaims("admin"), async (tx) => {
            await tx`select app.update_staff_member(${MANAGER}::uuid, '{"role":"manager"}'::jsonb)`;
            firstDone();
            await gate;
          });
          await firstWrote;
          const second = withClaims(
            app.db,
            staffClaims("manager"),
            async (tx) => {
              await tx`select app.update_staff_member(${ADMIN}::uuid, '{"role":"manager"}'::jsonb)`;
            },
          ).then(() => "committed", (err) => memberError(err)?.code ?? err);
          // Release the first only once the second waits on the admin lock
          // (a condition wait on the server's lock table, not a sleep).
          for (let i = 0; i < 400; i++) {
            const [{ waiting }] = await app.db.sql<{ waiting: number }[]>`
              select count(*)::int as waiting from pg_locks
              where locktype = 'advisory' and not granted`;
            if (waiting > 0) break;
            await new Promise((r) => setTimeout(r, 10));
          }
          release();
          await first;
          assert.equal(await second, "LAST_ADMIN");
        }
        const [{ n }] = await app.db.sql<{ n: number }[]>`
          select count(*)::int as n from public.staff
          where role = 'admin' and active`;
        assert.equal(n, 1);
      });
    } finally {
      await app.dispose();
    }
  },
});

Deno.test({
  name: "/admin/staff forms: deactivate and change a role, managers refused",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startStaffApp();
    try {
      const jar = await signIn(app, "admin@myhibachi.example");
      const url = `${app.url}/admin/staff`;
      const page = await (await jar.fetch(url)).text();
      const form = page.match(
        /<form[^>]*data-form="member-chef3@myhibachi.example"[^>]*>([\s\S]*?)<\/form>/,
      );
      assert.ok(form, "the chef3 member form");
      const updatedAt = form[1].match(
        /name="expectedUpdatedAt" value="([^"]+)"/,
      )![1];
      const fields = {
        _csrf: csrfFrom(page),
        _action: "member",
        userId: CHEF3,
        expectedUpdatedAt: updatedAt,
      };
      const off = await postForm(jar, url, { ...fields, op: "deactivate" });
      assert.equal(off.status, 303, await off.clone().text());
      await off.body?.cancel();
      const after = await (await jar.fetch(
        `${app.url}${off.headers.get("location")}`,
      )).text();
      assert.match(after, /data-notice="ok"/);
      assert.match(after, /deactivated/);
      // The old form's version is stale now.
      const stale = await postForm(jar, url, {
        ...fields,
        op: "save",
        role: "manager",
      });
      assert.equal(stale.status, 409);
      await stale.body?.cancel();

      const mgr = await signIn(app, "manager@myhibachi.example");
      const mgrPage = await (await mgr.fetch(url)).text();
      assert.doesNotMatch(mgrPage, /data-form="member-/);
      const refused = await postForm(mgr, url, {
        _csrf: csrfFrom(mgrPage),
        _action: "member",
        userId: CHEF3,
        op: "reactivate",
      });
      assert.equal(refused.status, 403);
      await refused.body?.cancel();
      const [row] = await app.db.sql<{ active: boolean }[]>`
        select active from public.staff where user_id = ${CHEF3}`;
      assert.equal(row.active, false);
    } finally {
      await app.dispose();
    }
  },
});

Deno.test({
  name: "chef profiles: managers edit their chefs, audited; others refused",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startStaffApp();
    try {
      const manager = staffApi(
        app,
        await accessToken(app, "manager@myhibachi.example"),
      );
      const chef = staffApi(
        app,
        await accessToken(app, "chef1@myhibachi.example"),
      );

      await t.step("API: scope, validation, audit", async () => {
        const ok = await manager("PATCH", `/chefs/${CHEFS.chef2}`, {
          homeZip: "94587",
          maxPartySize: 30,
          rating: 4.75,
        });
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        assert.equal(ok.body.homeZip, "94587");
        assert.equal(ok.body.rating, 4.75);
        const other = await manager("PATCH", `/chefs/${CHEFS.chef5}`, {
          rating: 1,
        });
        assert.equal(other.status, 404, "a Sacramento chef is not visible");
        const self = await chef("PATCH", `/chefs/${CHEFS.chef1}`, {
          rating: 5,
        });
        assert.equal(self.status, 403);
        const zip = await manager("PATCH", `/chefs/${CHEFS.chef2}`, {
          homeZip: "00000",
        });
        assert.equal(zip.status, 422);
        assert.equal(zip.body.error.issues[0].path, "homeZip");
        const big = await manager("PATCH", `/chefs/${CHEFS.chef2}`, {
          maxPartySize: 80,
        });
        assert.equal(big.status, 422);
        assert.equal(big.body.error.issues[0].path, "maxPartySize");
        const [row] = await app.db.sql<
          {
            details: { before: { rating: number }; after: { rating: number } };
          }[]
        >`
          select details from public.audit_log
          where action = 'chef.update' and entity_id = ${CHEFS.chef2}`;
        assert.equal(row.details.after.rating, 4.75);
        assert.notEqual(row.details.before.rating, 4.75);
        // Saving nothing new answers the chef and audits nothing.
        for (const body of [{}, { rating: 4.75, homeZip: "94587" }]) {
          const same = await manager("PATCH", `/chefs/${CHEFS.chef2}`, body);
          assert.equal(same.status, 200);
          assert.equal(same.body.rating, 4.75);
        }
        const [{ n }] = await app.db.sql<{ n: number }[]>`
          select count(*)::int as n from public.audit_log
          where action = 'chef.update' and entity_id = ${CHEFS.chef2}`;
        assert.equal(n, 1);
      });

      await t.step("page: the manager's form saves a profile", async () => {
        const jar = await signIn(app, "manager@myhibachi.example");
        const url = `${app.url}/admin/staff`;
        const page = await (await jar.fetch(url)).text();
        assert.match(page, new RegExp(`data-form="chef-${CHEFS.chef3}"`));
        assert.doesNotMatch(page, new RegExp(`data-chef="${CHEFS.chef5}"`));
        const res = await postForm(jar, url, {
          _csrf: csrfFrom(page),
          _action: "chef_profile",
          chefId: CHEFS.chef3,
          displayName: "Daniel Kim",
          homeZip: "94536",
          maxPartySize: "25",
          rating: "4.5",
        });
        assert.equal(res.status, 303, await res.clone().text());
        await res.body?.cancel();
        const [c] = await app.db.sql<{ max_party_size: number }[]>`
          select max_party_size from public.chefs where id = ${CHEFS.chef3}`;
        assert.equal(c.max_party_size, 25);
        const bad = await postForm(jar, url, {
          _csrf: csrfFrom(page),
          _action: "chef_profile",
          chefId: CHEFS.chef3,
          rating: "9",
        });
        assert.equal(bad.status, 422);
        await bad.body?.cancel();
      });
    } finally {
      await app.dispose();
    }
  },
});
