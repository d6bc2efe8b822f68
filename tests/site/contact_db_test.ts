/**
 * The contact form through the real app handler on a real, seeded database:
 * a valid message is stored (with a keyed IP hash) and staff are queued a
 * `contact_message` notification; spam and invalid posts store nothing; the
 * `contact` rate limit answers a 429 page with Retry-After; a database that
 * refuses the insert gives a friendly page that keeps the message and leaks
 * nothing.
 */
import assert from "node:assert/strict";
import { hashIp } from "../../lib/contact/mod.ts";
import { decodeEntities } from "./app_handler.ts";
import { startApp } from "../support/app.ts";

function form(fields: Record<string, string>, ip: string) {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    ip,
  };
}

const VALID = {
  name: "Jordan Lee",
  email: "jordan@example.com",
  phone: "510 555 0199",
  eventDate: "2027-05-01",
  guests: "24",
  message: "Can you do a graduation party for 24 in Hayward?",
};

Deno.test({
  name: "contact form stores messages in the database and notifies staff",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    // Two stored messages per IP per 10 minutes, so the limit is reachable.
    const app = await startApp({ env: { RATE_LIMITS: "contact=2/600s" } });
    const sql = app.db.sql;
    const stored = async (email: string) =>
      await sql<
        {
          id: string;
          name: string;
          phone: string | null;
          guests: number | null;
          event_date: string | null;
          message: string;
          ip_hash: string | null;
          handled_at: Date | null;
        }[]
      >`select id, name, phone, guests, event_date, message, ip_hash, handled_at
        from public.contact_messages where email = ${email}`;
    try {
      await t.step(
        "a valid message is stored and staff are notified",
        async () => {
          const res = await app.fetch("/contact", form(VALID, "203.0.113.1"));
          const html = decodeEntities(await res.text());
          assert.equal(res.status, 200);
          assert.match(html, /Thank you, Jordan Lee!/);
          const rows = await stored("jordan@example.com");
          assert.equal(rows.length, 1);
          const row = rows[0];
          assert.equal(row.name, "Jordan Lee");
          assert.equal(row.phone, "510 555 0199");
          assert.equal(row.guests, 24);
          assert.equal(row.event_date, "2027-05-01");
          assert.equal(row.message, VALID.message);
          assert.equal(row.handled_at, null);
          assert.equal(row.ip_hash, await hashIp("203.0.113.1", null));
          assert.notEqual(row.ip_hash, await hashIp("203.0.113.2", null));
          const notes = await sql<{ recipient: string; status: string }[]>`
          select recipient, status from public.notifications
          where kind = 'contact_message'
            and payload ->> 'contact_message_id' = ${row.id}
          order by recipient`;
          assert.deepEqual(notes.map((n) => n.recipient), [
            "admin@myhibachi.example",
            "manager@myhibachi.example",
          ]);
          assert.ok(notes.every((n) => n.status === "pending"));
        },
      );

      await t.step("the honeypot thanks bots and stores nothing", async () => {
        const res = await app.fetch(
          "/contact",
          form(
            { ...VALID, email: "bot@example.com", website: "http://spam" },
            "203.0.113.3",
          ),
        );
        assert.equal(res.status, 200);
        assert.match(await res.text(), /Thank you/);
        assert.equal((await stored("bot@example.com")).length, 0);
      });

      await t.step(
        "invalid posts store nothing and do not use up the limit",
        async () => {
          const ip = "203.0.113.4";
          for (let i = 0; i < 3; i++) {
            const res = await app.fetch(
              "/contact",
              form({ ...VALID, email: "not-an-email" }, ip),
            );
            assert.equal(res.status, 422);
            await res.body?.cancel();
          }
          const count = await sql<{ n: number }[]>`
            select count(*)::int as n from public.contact_messages
            where email = 'not-an-email'`;
          assert.equal(count[0].n, 0);
          // The limit (2) is still whole for this IP.
          for (const email of ["a4@example.com", "b4@example.com"]) {
            const res = await app.fetch(
              "/contact",
              form({ ...VALID, email }, ip),
            );
            assert.equal(res.status, 200);
            await res.body?.cancel();
          }
        },
      );

      await t.step(
        "over the limit: 429 page with Retry-After, nothing stored",
        async () => {
          const ip = "203.0.113.5";
          for (const email of ["a5@example.com", "b5@example.com"]) {
            const res = await app.fetch(
              "/contact",
              form({ ...VALID, email }, ip),
            );
            assert.equal(res.status, 200);
            await res.body?.cancel();
          }
          const res = await app.fetch(
            "/contact",
            form({ ...VALID, email: "c5@example.com" }, ip),
          );
          const html = decodeEntities(await res.text());
          assert.equal(res.status, 429);
          const retry = Number(res.headers.get("retry-after"));
          assert.ok(retry >= 1 && retry <= 600, `retry-after ${retry}`);
          assert.match(res.headers.get("content-type") ?? "", /text\/html/);
          assert.match(html, /Please wait a moment/);
          assert.equal((await stored("c5@example.com")).length, 0);
          // Another sender is not affected.
          const other = await app.fetch(
            "/contact",
            form({ ...VALID, email: "d5@example.com" }, "203.0.113.6"),
          );
          assert.equal(other.status, 200);
          await other.body?.cancel();
          assert.equal((await stored("d5@example.com")).length, 1);
        },
      );

      await t.step(
        "a database refusal shows a friendly page that keeps the message",
        async () => {
          const fn =
            "app.submit_contact_message(text, text, text, text, text, date, integer, text)";
          await sql.unsafe(`revoke execute on function ${fn} from anon`);
          try {
            const message = "Please call me back about a birthday <party>.";
            const res = await app.fetch(
              "/contact",
              form(
                { ...VALID, email: "e7@example.com", message },
                "203.0.113.7",
              ),
            );
            const html = await res.text();
            assert.equal(res.status, 503);
            assert.match(res.headers.get("content-type") ?? "", /text\/html/);
            assert.match(html, /could not send your message just now/);
            assert.doesNotMatch(
              html,
              /permission denied|submit_contact_message|42501/i,
            );
            // The visitor's words are still in the form, escaped.
            assert.ok(
              html.includes("birthday &lt;party>") ||
                html.includes("birthday &lt;party&gt;"),
              "message echoed back",
            );
            assert.match(html, /value="e7@example.com"/);
          } finally {
            await sql.unsafe(
              `grant execute on function ${fn} to anon, authenticated, service_role`,
            );
          }
          assert.equal((await stored("e7@example.com")).length, 0);
        },
      );
    } finally {
      await app.dispose();
    }
  },
});
