/**
 * Stripe webhook throughput with duplicates (issue 12): `--events` signed
 * `checkout.session.completed` deliveries (default 500), of which a share
 * (`--repeats`, default 0.2) are repeats of earlier event ids as Stripe's
 * retries are, POSTed to the app's `/functions/v1/stripe-webhook` over
 * loopback by `--concurrency` workers (default 20), in shuffled order so
 * repeats race their originals. Afterwards the ledger must be exact: one
 * card row per distinct session, every booking credited its sum, every
 * event id stored once.
 *
 * Baseline, same run: the same number of `GET /healthz` at the same
 * concurrency (the HTTP and framework cost without the webhook's work).
 *
 *   deno run -A bench/payments/webhook.ts [--events=500] [--repeats=0.2] [--concurrency=20] [--bookings=40]
 *
 * Database: a throwaway database in DATABASE_URL's cluster, or a throwaway
 * PostgreSQL cluster when initdb exists, else PGlite (tests/support).
 *
 * @module
 */
import { startApp } from "../../tests/support/app.ts";
import { signedEvent, stripeEvent } from "../../tests/support/stripe_double.ts";
import { bookingBody, postJson } from "../../tests/api/support.ts";
import { daysAfter, nextWeekday } from "../../tests/support/clock.ts";

function arg(name: string, fallback: number): number {
  const hit = Deno.args.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split("=")[1]) : fallback;
}

const EVENTS = arg("events", 500);
const REPEATS = arg("repeats", 0.2);
const CONCURRENCY = arg("concurrency", 20);
const BOOKINGS = arg("bookings", 40);
const SECRET = "whsec_bench_webhook";
const AMOUNT = 100;

/** Deterministic shuffle (mulberry32), so runs are comparable. */
function shuffle<T>(items: T[], seed = 12): T[] {
  let a = seed;
  const rnd = () => {
    a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function pool<T>(
  items: T[],
  n: number,
  fn: (item: T) => Promise<void>,
): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
  return performance.now() - start;
}

const app = await startApp({
  serve: true,
  env: {
    STRIPE_SECRET_KEY: "sk_test_bench",
    STRIPE_WEBHOOK_SECRET: SECRET,
    STRIPE_API_BASE: "http://127.0.0.1:9",
    RATE_LIMITS: "off",
    LOG_LEVEL: "error",
  },
});
try {
  // Card bookings spread over Saturdays and slots (capacity permitting).
  const references: string[] = [];
  const now = new Date();
  for (let week = 0; references.length < BOOKINGS; week++) {
    const date = nextWeekday(6, daysAfter(now, 14 + 7 * week));
    for (const time of ["12:00", "15:00", "18:00", "21:00"]) {
      for (let k = 0; k < 2 && references.length < BOOKINGS; k++) {
        const res = await fetch(
          `${app.url}/api/bookings`,
          postJson(bookingBody(date, time, { paymentMethod: "card" })),
        );
        if (res.status === 201) references.push((await res.json()).reference);
        else await res.body?.cancel();
      }
    }
  }

  const distinct = Math.round(EVENTS * (1 - REPEATS));
  const originals = Array.from({ length: distinct }, (_, i) => {
    const reference = references[i % references.length];
    return stripeEvent("checkout.session.completed", {
      id: `cs_bench_${i}`,
      object: "checkout.session",
      client_reference_id: reference,
      metadata: { booking_reference: reference, kind: "balance" },
      amount_total: AMOUNT,
      payment_status: "paid",
      status: "complete",
      payment_intent: `pi_bench_${i}`,
    }, `evt_bench_${i}`);
  });
  const repeats = Array.from(
    { length: EVENTS - distinct },
    (_, i) => originals[(i * 7) % distinct],
  );
  const deliveries = shuffle([...originals, ...repeats]);
  // Signed up front: signing is the sender's cost, not the endpoint's.
  const inits = await Promise.all(
    deliveries.map((e) => signedEvent(SECRET, e)),
  );

  const statuses = new Map<number, number>();
  const baselineMs = await pool(inits, CONCURRENCY, async () => {
    const res = await fetch(`${app.url}/healthz`);
    await res.body?.cancel();
  });
  const webhookMs = await pool(inits, CONCURRENCY, async (init) => {
    const res = await fetch(`${app.url}/functions/v1/stripe-webhook`, init);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    await res.body?.cancel();
  });

  const [ledger] = await app.db.sql<
    { rows: number; sessions: number; events: number; cents: number }[]
  >`
    select count(*)::int as rows, count(distinct p.idempotency_key)::int as sessions,
      (select count(*)::int from public.stripe_events where id like 'evt_bench_%') as events,
      coalesce(sum(p.amount_cents), 0)::int as cents
    from public.payments p where p.idempotency_key like 'stripe:cs_bench_%'`;
  const perBooking = await app.db.sql<{ reference: string; cents: number }[]>`
    select b.reference, coalesce(sum(p.amount_cents), 0)::int as cents
    from public.bookings b
    left join public.payments p on p.booking_id = b.id and p.idempotency_key like 'stripe:cs_bench_%'
    where b.reference = any(${references}) group by b.reference`;
  const expectedPer = (ref: string) =>
    originals.filter((e) =>
      (e.data as { object: { client_reference_id: string } }).object
        .client_reference_id === ref
    ).length * AMOUNT;
  const exact = ledger.rows === distinct && ledger.sessions === distinct &&
    ledger.events === distinct && ledger.cents === distinct * AMOUNT &&
    perBooking.every((b) => b.cents === expectedPer(b.reference));

  const rate = (ms: number) => Math.round(EVENTS / (ms / 1000));
  console.log(
    `\n| bench | case | result | target | met |\n| --- | --- | --- | --- | --- |`,
  );
  console.log(
    `| payments | baseline: ${EVENTS} × GET /healthz, ${CONCURRENCY} concurrent | ${
      rate(baselineMs)
    } req/s | | |`,
  );
  console.log(
    `| payments | stripe-webhook: ${EVENTS} signed events, ${
      Math.round(REPEATS * 100)
    } % repeats, ${CONCURRENCY} concurrent, ${references.length} bookings | ${
      rate(webhookMs)
    } events/s (${
      (webhookMs / baselineMs).toFixed(1)
    }× the baseline time); answers ${
      JSON.stringify(Object.fromEntries(statuses))
    }; ledger ${ledger.rows} rows for ${distinct} sessions, ${ledger.events} event ids | exact ledger | ${
      exact ? "yes" : "**no**"
    } |`,
  );
  if (!exact) Deno.exitCode = 1;
} finally {
  await app.dispose();
}
