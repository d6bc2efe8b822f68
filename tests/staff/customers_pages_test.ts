/**
 * `/admin/customers` pages over real HTTP with a signed-in cookie session:
 * chefs get 403, a manager searches (state in the URL) and pages, edits
 * tags and notes by form, merges a suggested duplicate, downloads the
 * export and erases (the confirmation box is required; refused with the
 * reason while a booking is open). The nav shows the open inbox count.
 */
import assert from "node:assert/strict";
import { privileged } from "../../lib/db/mod.ts";
import { FREMONT } from "../db/fixtures.ts";
import {
  bookFor,
  csrfFrom,
  postForm,
  signIn,
  startStaffApp,
} from "./support.ts";
import type { TestApp } from "../support/app.ts";

function book(
  app: TestApp,
  customer: { email: string; name: string; phone: string },
) {
  return bookFor(app.db, FREMONT, customer);
}

Deno.test({
  name: "/admin/customers pages: search, edit, merge, export, erase",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startStaffApp();
    try {
      const kim = await book(app, {
        email: "kim.page@example.com",
        name: "Kim Pageturner",
        phone: "510-555-6161",
      });
      const kimToo = await book(app, {
        email: "kim.p@other.example.com",
        name: "Kim P",
        phone: "(510) 555 6161",
      });
      const manager = await signIn(app, "manager@myhibachi.example");
      const chef = await signIn(app, "chef1@myhibachi.example");

      await t.step(
        "chefs are refused; no Customers link for them",
        async () => {
          const r = await chef.fetch(`${app.url}/admin/customers`);
          assert.equal(r.status, 403);
          await r.body?.cancel();
          const home = await (await chef.fetch(`${app.url}/admin/me`)).text();
          assert.doesNotMatch(home, /href="\/admin\/customers"/);
          assert.doesNotMatch(home, /data-inbox-badge/);
        },
      );

      await t.step(
        "search by phone, state in the URL, badge in the nav",
        async () => {
          const html = await (await manager.fetch(
            `${app.url}/admin/customers?q=${encodeURIComponent("5105556161")}`,
          )).text();
          assert.match(html, /Kim Pageturner/);
          assert.match(html, /Kim P</);
          assert.match(html, /value="5105556161"/);
          assert.match(html, /data-inbox-badge="\d+"/);
          const paged = await (await manager.fetch(
            `${app.url}/admin/customers?q=5105556161&cursor=bad`,
          ));
          assert.equal(paged.status, 422);
          await paged.body?.cancel();
        },
      );

      const url = `${app.url}/admin/customers/${kim.customerId}`;
      await t.step("tags and notes by form", async () => {
        const page = await (await manager.fetch(url)).text();
        const r = await postForm(manager, url, {
          _csrf: csrfFrom(page),
          _action: "update",
          tags: "VIP, allergy-shellfish",
          notes: "Allergic to shellfish.",
        });
        assert.equal(r.status, 303);
        const after = await (await manager.fetch(r.headers.get("location")!
          .replace(/^\//, `${app.url}/`))).text();
        assert.match(after, /value="allergy-shellfish, vip"/);
        assert.match(after, /Allergic to shellfish\./);
        const bad = await postForm(manager, url, {
          _csrf: csrfFrom(page),
          _action: "update",
          tags: "not a tag",
          notes: "",
        });
        assert.equal(bad.status, 422);
        assert.match(await bad.text(), /tags\.0/);
      });

      await t.step("a suggested duplicate is merged by form", async () => {
        const page = await (await manager.fetch(url)).text();
        assert.match(page, new RegExp(`data-duplicate="${kimToo.customerId}"`));
        const r = await postForm(manager, url, {
          _csrf: csrfFrom(page),
          _action: "merge",
          duplicateId: kimToo.customerId,
        });
        assert.equal(r.status, 303);
        await r.body?.cancel();
        const [{ n }] = await app.db.sql<{ n: number }[]>`
          select count(*)::int as n from public.bookings
          where customer_id = ${kim.customerId}`;
        assert.equal(n, 2);
      });

      await t.step("export downloads JSON", async () => {
        const r = await manager.fetch(`${url}/export`);
        assert.equal(r.status, 200);
        assert.match(r.headers.get("content-disposition") ?? "", /attachment/);
        const doc = await r.json();
        assert.equal(doc.customer.name, "Kim Pageturner");
        assert.equal(doc.bookings.length, 2);
      });

      await t.step("erasure needs the box and no open booking", async () => {
        const page = await (await manager.fetch(url)).text();
        const unconfirmed = await postForm(manager, url, {
          _csrf: csrfFrom(page),
          _action: "erase",
        });
        assert.equal(unconfirmed.status, 303);
        await unconfirmed.body?.cancel();
        const open = await postForm(manager, url, {
          _csrf: csrfFrom(page),
          _action: "erase",
          confirm: "erase",
        });
        assert.equal(open.status, 409);
        assert.match(await open.text(), /upcoming booking/);
        await privileged(
          app.db,
          (tx) =>
            tx`update public.bookings set status = 'cancelled'
             where customer_id = ${kim.customerId}`,
        );
        const ok = await postForm(manager, url, {
          _csrf: csrfFrom(page),
          _action: "erase",
          confirm: "erase",
        });
        assert.equal(ok.status, 303);
        await ok.body?.cancel();
        const after = await (await manager.fetch(url)).text();
        assert.match(after, /data-erased/);
        assert.doesNotMatch(after, /Kim Pageturner/);
      });
    } finally {
      await app.dispose();
    }
  },
});
