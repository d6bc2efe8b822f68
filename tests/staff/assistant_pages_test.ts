/**
 * `/admin/assistant` (issue 13): managers and admins read what customers
 * asked the assistant (counts, topics, each transcript and its handoff),
 * under their own claims; chefs are refused; signed-out visitors go to the
 * sign-in page. Conversations are made through the real function.
 */
import assert from "node:assert/strict";
import { signIn, startStaffApp } from "./support.ts";

Deno.test({
  name: "admin assistant pages: summary, list, transcript, roles",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startStaffApp();
    try {
      const ask = async (content: string) => {
        const res = await fetch(`${app.url}/functions/v1/assistant`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${app.parts.supabase.anonKey}`,
          },
          body: JSON.stringify({ messages: [{ role: "user", content }] }),
        });
        assert.equal(res.status, 200);
        return await res.json();
      };
      await ask("How much for 12 adults in 94539?");
      const handoff = await ask("Can I talk to a real person please?");
      const ticket = handoff.actions.find((a: { type: string }) =>
        a.type === "handoff"
      ).ticketId;
      const [{ id }] = await app.db.sql<{ id: string }[]>`
        select conversation_id as id from public.contact_messages where id = ${ticket}::uuid`;

      await t.step("signed out: to the sign-in page", async () => {
        const res = await fetch(`${app.url}/admin/assistant`, {
          redirect: "manual",
        });
        await res.body?.cancel();
        assert.equal(res.status, 303);
        assert.match(res.headers.get("location") ?? "", /^\/login\?next=/);
      });

      for (const who of ["manager", "admin"]) {
        await t.step(
          `${who}: counts, topics, list and transcript`,
          async () => {
            const jar = await signIn(app, `${who}@myhibachi.example`);
            const res = await jar.fetch(`${app.url}/admin/assistant`);
            assert.equal(res.status, 200);
            const html = await res.text();
            const stat = (name: string) =>
              html.match(new RegExp(`data-stat="${name}"[^>]*>([^<]*)<`))?.[1];
            assert.equal(stat("conversations"), "2");
            assert.equal(stat("turns"), "2");
            assert.equal(stat("handoffs"), "1");
            assert.equal(stat("handoff-rate"), "50%");
            assert.match(html, /data-intent="quote"/);
            assert.match(html, /data-intent="handoff"/);
            assert.match(html, new RegExp(`data-conversation="${id}"`));
            assert.match(html, /How much for 12 adults in 94539\?/);
            const detail = await jar.fetch(`${app.url}/admin/assistant/${id}`);
            assert.equal(detail.status, 200);
            const page = await detail.text();
            assert.match(page, /Can I talk to a real person please\?/);
            assert.match(page, new RegExp(`data-inbox="${ticket}"`));
            assert.equal((page.match(/data-role="/g) ?? []).length, 2);
            for (
              const bad of ["00000000-0000-4000-8000-000000000000", "nope"]
            ) {
              const r = await jar.fetch(`${app.url}/admin/assistant/${bad}`);
              await r.body?.cancel();
              assert.equal(r.status, 404, bad);
            }
          },
        );
      }

      await t.step("a chef is refused", async () => {
        const jar = await signIn(app, "chef1@myhibachi.example");
        for (const path of ["/admin/assistant", `/admin/assistant/${id}`]) {
          const res = await jar.fetch(`${app.url}${path}`);
          await res.body?.cancel();
          assert.equal(res.status, 403, path);
        }
        const home = await (await jar.fetch(`${app.url}/admin`)).text();
        assert.doesNotMatch(home, /href="\/admin\/assistant"/);
      });
    } finally {
      await app.dispose();
    }
  },
});
