/**
 * The staff inbox over real HTTP (issue 11): managers list contact
 * messages, assign them, reply by e-mail through the outbox (the worker
 * then delivers it) and mark them handled; chefs are refused by the
 * database; every step is audited.
 */
import assert from "node:assert/strict";
import { drainOutbox } from "../../lib/notifications/outbox.ts";
import { USERS } from "../db/fixtures.ts";
import { accessToken, staffApi } from "./api_support.ts";
import {
  csrfFrom,
  mailFor,
  postForm,
  signIn,
  startStaffApp,
} from "./support.ts";
import type { TestApp } from "../support/app.ts";

async function submitMessage(app: TestApp, email: string): Promise<string> {
  const [row] = await app.db.sql<{ id: string }[]>`
    select app.submit_contact_message('Casey Asker', ${email}, null, 'large_event',
      'Can you cook for 40 guests in Oakland next spring?', null, 40, null) as id`;
  return row.id;
}

Deno.test({
  name: "inbox API: assign, reply through the outbox, handled, chefs refused",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startStaffApp();
    try {
      const id = await submitMessage(app, "casey@example.com");
      const manager = staffApi(
        app,
        await accessToken(app, "manager@myhibachi.example"),
      );
      const chef = staffApi(
        app,
        await accessToken(app, "chef1@myhibachi.example"),
      );

      await t.step(
        "chefs are refused, managers see open messages",
        async () => {
          assert.equal((await chef("GET", "/inbox")).status, 403);
          const forged = await chef("POST", `/inbox/${id}/reply`, {
            body: "hi",
          });
          assert.equal(forged.status, 403, JSON.stringify(forged.body));
          const r = await manager("GET", "/inbox");
          assert.equal(r.status, 200);
          assert.ok(r.body.items.some((m: { id: string }) => m.id === id));
          assert.ok(r.body.openCount >= 1);
          const bad = await manager("GET", "/inbox?view=spam");
          assert.equal(bad.status, 422);
        },
      );

      await t.step("assign to a manager or admin only", async () => {
        const ok = await manager("POST", `/inbox/${id}/assign`, {
          assigneeId: USERS.manager,
        });
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        const mine = await manager("GET", "/inbox?view=mine");
        assert.deepEqual(mine.body.items.map((m: { id: string }) => m.id), [
          id,
        ]);
        const toChef = await manager("POST", `/inbox/${id}/assign`, {
          assigneeId: USERS.chef1,
        });
        assert.equal(toChef.status, 422);
        assert.equal(toChef.body.error.issues[0].path, "assigneeId");
        const missing = await manager(
          "POST",
          "/inbox/99999999-0000-4000-8000-000000000000/assign",
          { assigneeId: null },
        );
        assert.equal(missing.status, 404);
      });

      await t.step(
        "an assistant handoff without an e-mail address cannot be answered by e-mail: 409, nothing queued",
        async () => {
          const [handoff] = await app.db.sql<{ id: string }[]>`
            insert into public.contact_messages (name, email, topic, message)
            values ('Chat visitor', null, 'assistant_handoff',
                    'Visitor asked for a person about a 60-guest party.')
            returning id`;
          const r = await manager("POST", `/inbox/${handoff.id}/reply`, {
            body: "We will call you.",
          });
          assert.equal(r.status, 409, JSON.stringify(r.body));
          assert.match(r.body.error.message, /no e-mail address/);
          const [{ n }] = await app.db.sql<{ n: number }[]>`
            select count(*)::int as n from public.notifications
            where kind = 'contact_reply'`;
          assert.equal(n, 0);
          // The page offers no e-mail reply for it, and says why.
          const jar = await signIn(app, "manager@myhibachi.example");
          const page = await (await jar.fetch(`${app.url}/admin/inbox`))
            .text();
          const item = page.match(
            new RegExp(`data-message="${handoff.id}"[\\s\\S]*?</li>`),
          )?.[0] ?? "";
          assert.match(item, /no e-mail address/);
          assert.match(item, /data-no-email/);
          assert.doesNotMatch(item, /data-form="reply-/);
        },
      );

      await t.step("a reply is mailed through the outbox", async () => {
        const empty = await manager("POST", `/inbox/${id}/reply`, {
          body: " ",
        });
        assert.equal(empty.status, 422);
        assert.equal(empty.body.error.issues[0].path, "body");
        const r = await manager("POST", `/inbox/${id}/reply`, {
          body: "Yes! Oakland is in our service area.\n\nMorgan",
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        const [queued] = await app.db.sql<{ recipient: string }[]>`
          select recipient from public.notifications where kind = 'contact_reply'`;
        assert.equal(queued.recipient, "casey@example.com");
        await drainOutbox(app.db, {
          mailer: app.parts.mailer,
          baseUrl: app.url,
        });
        const mails = await mailFor(app, "casey@example.com");
        assert.equal(mails.length, 1);
        assert.equal(mails[0].subject, "Re: your message to MyHibachi");
        const handled = await manager("GET", "/inbox?view=handled");
        const m = handled.body.items.find((x: { id: string }) => x.id === id);
        assert.ok(m, "the replied message counts as handled");
        assert.equal(m.replies.length, 1);
        assert.equal(m.handledName, "Morgan Manager");
      });

      await t.step("reopen and mark handled, all audited", async () => {
        const reopen = await manager("POST", `/inbox/${id}/handled`, {
          handled: false,
        });
        assert.equal(reopen.status, 200);
        const open = await manager("GET", "/inbox");
        assert.ok(open.body.items.some((m: { id: string }) => m.id === id));
        const done = await manager("POST", `/inbox/${id}/handled`, {
          handled: true,
        });
        assert.equal(done.status, 200);
        const rows = await app.db.sql<{ action: string }[]>`
          select action from public.audit_log
          where entity = 'contact_messages' and entity_id = ${id} order by id`;
        assert.deepEqual(rows.map((r) => r.action), [
          "contact.assign",
          "contact.reply",
          "contact.reopened",
          "contact.handled",
        ]);
      });
    } finally {
      await app.dispose();
    }
  },
});

Deno.test({
  name: "/admin/inbox page: a manager replies by form; chefs get 403",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startStaffApp();
    try {
      const id = await submitMessage(app, "robin@example.com");
      const jar = await signIn(app, "manager@myhibachi.example");
      const url = `${app.url}/admin/inbox`;
      const page = await (await jar.fetch(url)).text();
      assert.match(page, new RegExp(`data-message="${id}"`));
      assert.match(page, /data-open-count="\d+"/);
      const res = await postForm(jar, url, {
        _csrf: csrfFrom(page),
        _action: "reply",
        id,
        view: "open",
        body: "We would love to. A manager will call you.",
      });
      assert.equal(res.status, 303, await res.clone().text());
      await res.body?.cancel();
      const [n] = await app.db.sql<{ n: number }[]>`
        select count(*)::int as n from public.notifications
        where kind = 'contact_reply' and recipient = 'robin@example.com'`;
      assert.equal(n.n, 1);
      const handled = await (await jar.fetch(`${url}?view=handled`)).text();
      assert.match(
        handled,
        new RegExp(`data-message="${id}" data-handled="true"`),
      );

      const chefJar = await signIn(app, "chef2@myhibachi.example");
      const chefPage = await chefJar.fetch(url);
      assert.equal(chefPage.status, 403);
      await chefPage.body?.cancel();
      const home = await (await chefJar.fetch(`${app.url}/admin`)).text();
      const forged = await postForm(chefJar, url, {
        _csrf: csrfFrom(home),
        _action: "handled",
        id,
      });
      assert.equal(forged.status, 403);
      await forged.body?.cancel();
    } finally {
      await app.dispose();
    }
  },
});
