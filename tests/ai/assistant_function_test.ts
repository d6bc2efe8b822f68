/**
 * The `assistant` Edge Function over real HTTP on the seeded database
 * (issue 13): quotes equal `POST /api/quote`, availability equals
 * `GET /api/availability` (and offers free alternatives when the asked date
 * is blacked out), conversations are stored by token, a request for a
 * person lands in the inbox, bad input is 4xx and stores nothing, each
 * client is rate limited, card numbers never reach the table.
 */
import assert from "node:assert/strict";
import { startApp, type TestApp } from "../support/app.ts";
import {
  daysAfter,
  fixedClock,
  nextWeekday,
  testInstant,
} from "../support/clock.ts";
import { formatUsd } from "../../lib/site/money.ts";
import { parseIsoDate } from "../../lib/booking_window/dates.ts";
import { runJobsOnce } from "../../lib/jobs/mod.ts";
import { bookingBody } from "../api/support.ts";

const NOW = testInstant("10:00");
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "June 13" for "YYYY-06-13". */
function spoken(date: string): string {
  const d = parseIsoDate(date);
  assert.ok(d, date);
  return `${MONTHS[d.month - 1]} ${d.day}`;
}

interface Answer {
  status: number;
  body: {
    reply: string;
    sessionId: string;
    actions: Array<Record<string, unknown>>;
    error?: { code: string; issues: Array<{ path: string }> };
  };
  headers: Headers;
}

async function counts(app: TestApp) {
  const [r] = await app.db.sql<{ conversations: number; inbox: number }[]>`
    select (select count(*)::int from public.assistant_conversations) as conversations,
           (select count(*)::int from public.contact_messages) as inbox`;
  return { ...r };
}

Deno.test({
  name: "assistant function: real tools, storage, handoff, limits, bad input",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const app = await startApp({
      serve: true,
      clock: fixedClock(NOW),
      env: { TRUST_PROXY: "1", RATE_LIMITS: "assistant=4/60s" },
    });
    let client = 0;
    const auth = { authorization: `Bearer ${app.parts.supabase.anonKey}` };
    /** Each call is a new client unless `ip` is given. */
    const ask = async (
      body: unknown,
      opts: { ip?: string; headers?: Record<string, string> } = {},
    ): Promise<Answer> => {
      const ip = opts.ip ?? `198.51.100.${++client}`;
      const res = await fetch(`${app.url}/functions/v1/assistant`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-forwarded-for": ip,
          ...(opts.headers ?? auth),
        },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      return {
        status: res.status,
        body: await res.json(),
        headers: res.headers,
      };
    };
    const say = (content: string, more: Record<string, unknown> = {}) =>
      ask({ messages: [{ role: "user", content }], ...more });
    try {
      await t.step("a quote in words is the quote API's answer", async () => {
        const a = await say("How much for 12 adults in 94539?");
        assert.equal(a.status, 200, JSON.stringify(a.body));
        const action = a.body.actions.find((x) => x.type === "quote");
        assert.ok(action, JSON.stringify(a.body));
        const res = await fetch(`${app.url}/api/quote?location=fremont`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(action.request),
        });
        const api = await res.json();
        assert.equal(res.status, 200);
        assert.deepEqual(action.quote, api);
        assert.ok(
          a.body.reply.includes(formatUsd(api.totalCents)),
          `${a.body.reply} lacks ${formatUsd(api.totalCents)}`,
        );
        assert.match(a.body.sessionId, /^[A-Za-z0-9_-]{43}$/);
      });

      const saturday = nextWeekday(6, daysAfter(NOW, 14));
      await t.step(
        "availability is the availability API's answer",
        async () => {
          const a = await say(`Are you free on ${spoken(saturday)}?`);
          assert.equal(a.status, 200);
          const action = a.body.actions.find((x) => x.type === "availability");
          assert.ok(action, JSON.stringify(a.body));
          const result = action.result as {
            location: { slug: string };
            dates: Array<
              {
                date: string;
                slots: Array<{ time: string; available: number }>;
              }
            >;
            requested?: { date: string; available: number };
          };
          assert.equal(result.requested?.date, saturday);
          const api = await (await fetch(
            `${app.url}/api/availability?from=${saturday}&to=${saturday}&location=${result.location.slug}`,
          )).json();
          const day = result.dates.find((d) => d.date === saturday)!;
          assert.deepEqual(
            day.slots,
            api.dates[0].slots.map((
              s: { time: string; available: number },
            ) => ({
              time: s.time,
              available: s.available,
            })),
          );
        },
      );

      await t.step(
        "a blacked-out date gets real free alternatives",
        async () => {
          await app.db.sql`
          insert into public.blackout_dates (location_id, blackout_date, reason)
          select id, ${saturday}::date, 'test' from public.locations where slug = 'fremont'`;
          app.parts.availabilityCache.changed();
          const a = await say(`Is ${spoken(saturday)} at 6pm open in 94539?`);
          assert.equal(a.status, 200);
          const action = a.body.actions.find((x) => x.type === "availability");
          assert.ok(action, JSON.stringify(a.body));
          const result = action.result as {
            requested?: { available: number };
            alternatives: Array<
              {
                location: { slug: string };
                date: string;
                time: string;
                available: number;
              }
            >;
          };
          assert.equal(result.requested?.available, 0);
          assert.ok(result.alternatives.length > 0, a.body.reply);
          for (const alt of result.alternatives) {
            assert.notEqual(
              `${alt.location.slug} ${alt.date}`,
              `fremont ${saturday}`,
            );
            const api = await (await fetch(
              `${app.url}/api/availability?from=${alt.date}&to=${alt.date}&location=${alt.location.slug}`,
            )).json();
            const slot = api.dates[0].slots.find((s: { time: string }) =>
              s.time === alt.time
            );
            assert.equal(slot.available, alt.available, JSON.stringify(alt));
            assert.ok(alt.available > 0);
          }
        },
      );

      await t.step(
        "the conversation is stored by its token and continued",
        async () => {
          const hash = async (s: string) =>
            [
              ...new Uint8Array(
                await crypto.subtle.digest(
                  "SHA-256",
                  new TextEncoder().encode(s),
                ),
              ),
            ]
              .map((b) => b.toString(16).padStart(2, "0")).join("");
          const first = await say("Hi there!");
          assert.equal(first.status, 200);
          const token = first.body.sessionId;
          const tokenHash = await hash(token);
          const rows = () =>
            app.db.sql<{ turns: number; n: number; expires_at: Date }[]>`
            select turns, jsonb_array_length(messages) as n, expires_at
            from public.assistant_conversations where token_hash = ${tokenHash}`;
          const [one] = await rows();
          assert.equal(one.turns, 1);
          assert.equal(one.n, 2);
          assert.equal(
            one.expires_at.getTime(),
            NOW.getTime() + 30 * 86_400_000,
          );
          const second = await ask({
            sessionId: token,
            messages: [
              { role: "user", content: "Hi there!" },
              { role: "assistant", content: first.body.reply },
              { role: "user", content: "Do you serve tofu?" },
            ],
          });
          assert.equal(second.status, 200);
          assert.equal(second.body.sessionId, token);
          const [two] = await rows();
          assert.equal(two.turns, 2);
          assert.equal(two.n, 4);
          // A token the function never issued starts a new conversation.
          const forged = await say("hello", { sessionId: "x".repeat(43) });
          assert.equal(forged.status, 200);
          assert.notEqual(forged.body.sessionId, "x".repeat(43));
        },
      );

      await t.step(
        "asking for a person puts the transcript in the inbox",
        async () => {
          const before = await counts(app);
          const a = await say(
            "I want to talk to a real person, my email is jo@example.com",
          );
          assert.equal(a.status, 200);
          const action = a.body.actions.find((x) => x.type === "handoff");
          assert.ok(action, JSON.stringify(a.body));
          const [m] = await app.db.sql<
            { email: string; topic: string; message: string; linked: boolean }[]
          >`
          select m.email::text as email, m.topic, m.message, c.handed_off_at is not null as linked
          from public.contact_messages m
          join public.assistant_conversations c on c.id = m.conversation_id
          where m.id = ${action.ticketId as string}::uuid`;
          assert.equal(m.topic, "assistant_handoff");
          assert.equal(m.email, "jo@example.com");
          assert.ok(m.linked);
          assert.match(m.message, /Customer: I want to talk to a real person/);
          const [n] = await app.db.sql<{ n: number }[]>`
          select count(*)::int as n from public.notifications
          where payload ->> 'contact_message_id' = ${action
            .ticketId as string}`;
          assert.ok(n.n >= 1, "managers are notified");
          assert.equal((await counts(app)).inbox, before.inbox + 1);
        },
      );

      await t.step(
        "a manage link is looked up with its own token only",
        async () => {
          const date = nextWeekday(5, daysAfter(NOW, 21));
          const res = await fetch(`${app.url}/api/bookings`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(bookingBody(date, "12:00")),
          });
          assert.equal(res.status, 201);
          const booked = await res.json();
          const view = await (await fetch(
            `${app.url}/api/bookings/${booked.reference}?token=${
              new URL(booked.manageUrl).searchParams.get("token")
            }`,
          )).json();
          const a = await say(
            `I need to reschedule, my link is ${booked.manageUrl}`,
          );
          assert.equal(a.status, 200);
          assert.ok(a.body.reply.includes(booked.reference), a.body.reply);
          assert.ok(
            a.body.reply.includes(formatUsd(view.totalCents)) &&
              a.body.reply.includes(formatUsd(view.balanceDueCents)),
            a.body.reply,
          );
          const wrong = new URL(booked.manageUrl);
          wrong.searchParams.set("token", "x".repeat(43));
          const b = await say(`Can I cancel? ${wrong}`);
          assert.equal(b.status, 200);
          assert.match(b.body.reply, /couldn't find a booking/);
          assert.ok(!b.body.reply.includes(formatUsd(view.totalCents)));
        },
      );

      await t.step("card numbers never reach the table", async () => {
        const a = await say("my card is 4242 4242 4242 4242, book me in");
        assert.equal(a.status, 200);
        const [r] = await app.db.sql<{ n: number }[]>`
          select count(*)::int as n from public.assistant_conversations
          where messages::text like '%4242 4242%' or messages::text like '%4242424242424242%'`;
        assert.equal(r.n, 0);
      });

      await t.step(
        "bad input is 4xx with the field and stores nothing",
        async () => {
          const before = await counts(app);
          const cases: Array<[unknown, number, string]> = [
            [
              { messages: [{ role: "user", content: "   " }] },
              422,
              "messages.0.content",
            ],
            [
              { messages: [{ role: "user", content: "a".repeat(2001) }] },
              422,
              "messages.0.content",
            ],
            [
              { messages: [{ role: "user", content: 5 }] },
              422,
              "messages.0.content",
            ],
            [{ messages: [] }, 422, "messages"],
            [
              { messages: [{ role: "user", content: "hi" }], admin: true },
              422,
              "",
            ],
            [
              { messages: [{ role: "assistant", content: "hi" }] },
              422,
              "messages.0.role",
            ],
          ];
          for (const [body, status, path] of cases) {
            const a = await ask(body);
            assert.equal(a.status, status, JSON.stringify(body).slice(0, 80));
            assert.equal(a.body.error?.code, "VALIDATION_FAILED");
            if (path) {
              assert.ok(
                a.body.error!.issues.some((i) => i.path === path),
                JSON.stringify(a.body.error),
              );
            }
          }
          assert.equal((await ask("{not json")).status, 400);
          const huge = await ask({
            messages: Array.from(
              { length: 100 },
              () => ({ role: "user", content: "a".repeat(2000) }),
            ),
          });
          assert.equal(huge.status, 413);
          assert.deepEqual(await counts(app), before);
          const noKey = await ask({
            messages: [{ role: "user", content: "hi" }],
          }, { headers: {} });
          assert.equal(noKey.status, 401);
        },
      );

      await t.step("CORS preflight without a token; only POST", async () => {
        const pre = await fetch(`${app.url}/functions/v1/assistant`, {
          method: "OPTIONS",
          headers: {
            origin: "https://elsewhere.example",
            "access-control-request-method": "POST",
          },
        });
        await pre.body?.cancel();
        assert.equal(pre.status, 204);
        assert.match(
          pre.headers.get("access-control-allow-headers") ?? "",
          /apikey/,
        );
        const get = await fetch(`${app.url}/functions/v1/assistant`, {
          headers: auth,
        });
        await get.body?.cancel();
        assert.equal(get.status, 405);
      });

      await t.step("each client is rate limited on its own", async () => {
        const ip = "203.0.113.7";
        for (let i = 0; i < 4; i++) {
          const a = await ask({ messages: [{ role: "user", content: "hi" }] }, {
            ip,
          });
          assert.equal(a.status, 200);
        }
        const limited = await ask({
          messages: [{ role: "user", content: "hi" }],
        }, { ip });
        assert.equal(limited.status, 429);
        assert.equal(limited.body.error?.code, "RATE_LIMITED");
        assert.ok(Number(limited.headers.get("retry-after")) >= 1);
        assert.equal(
          (await say("hi")).status,
          200,
          "another client still gets answers",
        );
      });

      await t.step(
        "conversations are deleted 30 days after their last message",
        async () => {
          const { conversations, inbox } = await counts(app);
          assert.ok(conversations > 0);
          const at = (ms: number) => () => new Date(NOW.getTime() + ms);
          const early = await runJobsOnce({
            db: app.db,
            now: at(30 * 86_400_000 - 1000),
          });
          assert.deepEqual(early.errors, []);
          assert.equal(early.purgedConversations, 0);
          const due = await runJobsOnce({
            db: app.db,
            now: at(30 * 86_400_000),
          });
          assert.equal(due.purgedConversations, conversations);
          assert.deepEqual(await counts(app), { conversations: 0, inbox });
        },
      );
    } finally {
      await app.dispose();
    }
  },
});
