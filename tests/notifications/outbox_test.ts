/**
 * The outbox worker on a real database: a failing transport (real SMTP to a
 * closed port) is retried with exponential backoff and given up after 5
 * attempts; two workers draining in parallel never send a row twice
 * (`for update skip locked`); a deployment without a transport never
 * believes mail was sent.
 */
import assert from "node:assert/strict";
import type { Db } from "../../lib/db/mod.ts";
import {
  type Mailer,
  type MailMessage,
  productionMailer,
  SmtpMailer,
  UnconfiguredMailer,
} from "../../lib/mail/mod.ts";
import {
  drainOutbox,
  MAX_ATTEMPTS,
  processOutbox,
  RETRY_BASE_MS,
} from "../../lib/notifications/mod.ts";
import { captureLogs } from "../../lib/observability/log.ts";
import { freshTestDb } from "../support/test_db.ts";

const BASE = "https://myhibachi.test";

/** Queues `n` contact alerts (the simplest real kind) and returns their ids. */
async function queueContactAlerts(
  db: Db,
  n: number,
  sendAfter: Date,
): Promise<string[]> {
  const rows = await db.sql<{ id: string }[]>`
    insert into public.notifications (kind, recipient, payload, send_after)
    select 'contact_message', 'staff' || i || '@myhibachi.example',
      jsonb_build_object('contact_message_id', gen_random_uuid(), 'name', 'Visitor ' || i,
        'email', 'v' || i || '@example.com', 'topic', 'general', 'excerpt', 'Hello'),
      ${sendAfter}
    from generate_series(1, ${n}) i
    returning id`;
  return rows.map((r) => r.id);
}

/** A port nothing listens on: connections are refused. */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test({
  name:
    "outbox: a failing mailer is retried with backoff (30 s, 1, 2, 4 min), then failed after 5",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const test = await freshTestDb();
    const stopLogs = captureLogs(() => {});
    try {
      const t0 = new Date("2027-03-01T12:00:00Z");
      const [id] = await queueContactAlerts(test.db, 1, t0);
      const mailer = new SmtpMailer({
        url: `smtp://127.0.0.1:${closedPort()}`,
      });
      let clock = t0;
      const run = () =>
        processOutbox(test.db, { mailer, now: () => clock, baseUrl: BASE });
      const row = async () =>
        (await test.db.sql<
          {
            status: string;
            attempts: number;
            send_after: Date;
            last_error: string | null;
          }[]
        >`select status, attempts, send_after, last_error
          from public.notifications where id = ${id}`)[0];

      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const r = await run();
        assert.equal(r.claimed, 1, `attempt ${attempt} claims the row`);
        const after = await row();
        assert.equal(after.attempts, attempt);
        assert.ok(after.last_error && after.last_error.length > 0);
        if (attempt < MAX_ATTEMPTS) {
          assert.equal(r.retried, 1);
          assert.equal(after.status, "pending");
          const delay = RETRY_BASE_MS * 2 ** (attempt - 1);
          assert.equal(after.send_after.getTime(), clock.getTime() + delay);
          // Not due a millisecond early; due exactly at send_after.
          clock = new Date(after.send_after.getTime() - 1);
          assert.equal((await run()).claimed, 0);
          clock = after.send_after;
        } else {
          assert.equal(r.failed, 1);
          assert.equal(after.status, "failed");
        }
      }
      // Failed rows are never picked up again.
      clock = new Date(clock.getTime() + 365 * 86_400_000);
      assert.equal((await run()).claimed, 0);
      assert.equal((await row()).attempts, MAX_ATTEMPTS);
    } finally {
      stopLogs();
      await test.dispose();
    }
  },
});

Deno.test({
  name: "outbox: two workers in parallel send every row exactly once",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const test = await freshTestDb({ max: 10 });
    try {
      const ids = await queueContactAlerts(
        test.db,
        40,
        // Due a second ago by the real clock: the outbox compares send_after
        // with rows the database stamps with now(); no calendar date matters.
        new Date(Date.now() - 1000),
      );
      const sent: string[] = [];
      // A slow transport keeps claims overlapping between the workers.
      const slow: Mailer = {
        async send(message: MailMessage) {
          await new Promise((r) => setTimeout(r, 5));
          sent.push(message.to);
        },
      };
      const [a, b] = await Promise.all([
        drainOutbox(test.db, { mailer: slow, batchSize: 3, baseUrl: BASE }),
        drainOutbox(test.db, { mailer: slow, batchSize: 3, baseUrl: BASE }),
      ]);
      assert.equal(a.sent + b.sent, 40);
      assert.ok(a.sent > 0 && b.sent > 0, `both worked: ${a.sent}/${b.sent}`);
      assert.equal(sent.length, 40);
      assert.equal(new Set(sent).size, 40, "no recipient mailed twice");
      const [state] = await test.db.sql<{ sent: number; once: number }[]>`
        select count(*) filter (where status = 'sent')::int as sent,
               count(*) filter (where attempts = 1)::int as once
        from public.notifications where id = any(${ids}::uuid[])`;
      assert.deepEqual({ ...state }, { sent: 40, once: 40 });
    } finally {
      await test.dispose();
    }
  },
});

Deno.test({
  name:
    "outbox: unknown kinds fail at once; no transport configured means retry, not sent",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const test = await freshTestDb();
    const stopLogs = captureLogs(() => {});
    try {
      assert.ok(
        productionMailer({ smtpUrl: null }) instanceof UnconfiguredMailer,
      );
      assert.ok(
        productionMailer({ smtpUrl: "smtp://127.0.0.1:1" }) instanceof
          SmtpMailer,
      );
      const [unknown] = await test.db.sql<{ id: string }[]>`
        insert into public.notifications (kind, recipient, payload, send_after)
        values ('no_such_kind', 'x@example.com', '{}', now() - interval '1 second')
        returning id`;
      const [contact] = await queueContactAlerts(
        test.db,
        1,
        // Due a second ago by the real clock: the outbox compares send_after
        // with rows the database stamps with now(); no calendar date matters.
        new Date(Date.now() - 1000),
      );
      const r = await processOutbox(test.db, {
        mailer: new UnconfiguredMailer(),
        baseUrl: BASE,
      });
      assert.deepEqual({ ...r }, {
        claimed: 2,
        sent: 0,
        retried: 1,
        failed: 1,
      });
      const rows = await test.db.sql<
        { id: string; status: string; last_error: string }[]
      >`select id, status, last_error from public.notifications
        where id in (${unknown.id}, ${contact})`;
      const byId = new Map(rows.map((x) => [x.id, x]));
      assert.equal(byId.get(unknown.id)?.status, "failed");
      assert.match(byId.get(unknown.id)!.last_error, /no template/);
      assert.equal(byId.get(contact)?.status, "pending");
      assert.match(byId.get(contact)!.last_error, /SMTP_URL/);
    } finally {
      stopLogs();
      await test.dispose();
    }
  },
});
