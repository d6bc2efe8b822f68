/**
 * Writes supabase/seed/history.sql from {@link buildHistoryPlan}: the seed
 * stays plain SQL (Supabase CLI, PostgreSQL 15, PGlite) while prices come from
 * the same `lib/pricing` the API uses.
 *
 *   deno run -A supabase/seed/generate_history.ts          # rewrite history.sql
 *   deno run -A supabase/seed/generate_history.ts --check  # fail if stale
 *
 * The bookings are replayed through the real triggers in a few bulk steps
 * (insert as pending_deposit, deposit payments confirm them, chef assignment,
 * status changes, then balances and refunds), so booking_events is the
 * trigger-written history. Each step names its per-booking times in
 * `app.event_at_by_booking` (migration 20261201000000_history_event_time.sql),
 * its actor in `app.actor` and its note in `app.event_note`. Bulk steps keep
 * the seed fast on PGlite. Each step is its own small DO block that sets
 * what it needs, so the file works in one transaction or statement by statement.
 *
 * @module
 */
import { createHash } from "node:crypto";
import {
  type BookingPlan,
  buildHistoryPlan,
  type CustomerPlan,
  HISTORY_FROM,
  HISTORY_TO,
  MANAGER_ID,
  type PaymentPlan,
  UPCOMING_TO,
} from "./history_plan.ts";

const OUT = new URL("./history.sql", import.meta.url);

function lit(v: string | number | null): string {
  if (v === null) return "null";
  if (typeof v === "number") return String(v);
  return `'${v.replaceAll("'", "''")}'`;
}

function json(v: unknown): string {
  return `${lit(JSON.stringify(v))}::jsonb`;
}

/** sha256 of a sentence no manage token can equal (tokens are base64url). */
function unusableTokenHash(id: string): string {
  return createHash("sha256").update(`seeded booking ${id} has no manage link`)
    .digest("hex");
}

function customersSql(
  customers: CustomerPlan[],
  bookings: BookingPlan[],
): string {
  const first = new Map<string, string>();
  for (const b of bookings) {
    const seen = first.get(b.customerId);
    if (!seen || b.createdAt < seen) first.set(b.customerId, b.createdAt);
  }
  const rows = customers.map((c) => {
    const created = lit(first.get(c.id) ?? c.createdAt);
    return `  (${lit(c.id)}, ${lit(c.email)}, ${lit(c.name)}, ${
      lit(c.phone)
    }, ${created}, ${created})`;
  });
  return `insert into public.customers (id, email, name, phone, created_at, updated_at) values\n${
    rows.join(",\n")
  }\non conflict do nothing;\n`;
}

/** Session settings naming the actor, note and per-booking times of one bulk step. */
function replay(
  actor: string,
  times: [string, string][],
  note = "",
): string {
  return `  perform set_config('app.actor', ${lit(actor)}, true),\n` +
    `          set_config('app.event_note', ${lit(note)}, true),\n` +
    `          set_config('app.event_at_by_booking', ${
      lit(JSON.stringify(Object.fromEntries(times)))
    }, true);\n`;
}

function bookingsInsert(bookings: BookingPlan[]): string {
  const rows = bookings.map((b) =>
    `    (${lit(b.id)}::uuid, ${lit(b.reference)}, ${
      lit(b.locationId)
    }::uuid, ${lit(b.eventDate)}::date, ${
      lit(b.slotTime)
    }, ${b.adults}, ${b.children}, ${b.under6}, ${json(b.proteins)}, ${
      json(b.extraProteins)
    }, ${json(b.addons)}, ${lit(b.addressLine1)}, ${lit(b.city)}, ${
      lit(b.state)
    }, ${lit(b.zip)}, ${lit(b.customerId)}::uuid, ${
      json(b.quote)
    }, ${b.quote.totalCents}, ${b.quote.depositCents}, ${
      lit(unusableTokenHash(b.id))
    }, ${lit(b.depositDueAt)}::timestamptz, ${lit(b.paymentMethod)}, ${
      lit(b.createdAt)
    }::timestamptz)`
  );
  return replay("customer", bookings.map((b) => [b.id, b.createdAt])) +
    `  insert into public.bookings (id, reference, status, location_id, event_date, slot_time, adults, children, under6, proteins, extra_proteins, addons, address_line1, city, state, zip, customer_id, quote, total_cents, deposit_cents, manage_token_hash, deposit_due_at, payment_method, created_at, updated_at)\n` +
    `  select v.id, v.reference, 'pending_deposit', v.location_id, v.event_date, v.slot_time, v.adults, v.children, v.under6, v.proteins, v.extra_proteins, v.addons, v.address_line1, v.city, v.state, v.zip, v.customer_id, v.quote, v.total_cents, v.deposit_cents, v.manage_token_hash, v.deposit_due_at, v.payment_method, v.created_at, v.created_at\n` +
    `  from (values\n${
      rows.join(",\n")
    }\n  ) as v (id, reference, location_id, event_date, slot_time, adults, children, under6, proteins, extra_proteins, addons, address_line1, city, state, zip, customer_id, quote, total_cents, deposit_cents, manage_token_hash, deposit_due_at, payment_method, created_at)\n` +
    `  order by v.created_at;\n` +
    `  insert into public.audit_log (actor, action, entity, entity_id, details, at)\n` +
    `  select 'customer', 'booking.created', 'booking', b.id::text,\n` +
    `         jsonb_build_object('reference', b.reference, 'location_id', b.location_id,\n` +
    `           'event_date', b.event_date, 'slot_time', b.slot_time, 'total_cents', b.total_cents,\n` +
    `           'payment_method', b.payment_method, 'hold_id', null), b.created_at\n` +
    `  from public.bookings b where b.id in (${
      bookings.map((b) => lit(b.id)).join(", ")
    }) order by b.created_at;\n`;
}

function paymentsInsert(rows: { b: BookingPlan; p: PaymentPlan }[]): string {
  if (rows.length === 0) return "";
  return `  insert into public.payments (booking_id, kind, method, amount_cents, provider, provider_reference, recorded_by, created_at)\n` +
    `  select v.booking_id::uuid, v.kind, v.method, v.amount_cents, v.provider, v.provider_reference, v.recorded_by::uuid, v.created_at::timestamptz\n` +
    `  from (values\n${
      rows.map(({ b, p }) =>
        `    (${lit(b.id)}, ${lit(p.kind)}, ${
          lit(p.method)
        }, ${p.amountCents}, ${lit(p.provider)}, ${lit(p.providerReference)}, ${
          lit(p.recordedBy)
        }, ${lit(p.at)})`
      ).join(",\n")
    }\n  ) as v (booking_id, kind, method, amount_cents, provider, provider_reference, recorded_by, created_at)\n` +
    `  order by v.created_at;\n`;
}

/** Groups rows by a key, keeping first-seen key order. */
function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) out.set(key(x), [...(out.get(key(x)) ?? []), x]);
  return out;
}

/** Status changes in lifecycle order, so each bulk step is a legal transition. */
const STATUS_ORDER = [
  "expired",
  "completed",
  "no_show",
  "cancellation_requested",
  "cancelled",
];

/**
 * Rows per bulk step: the trigger parses the step's time map once per row, so
 * small maps keep that linear.
 */
const STEP_ROWS = 40;

function chunks<T>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += STEP_ROWS) {
    out.push(xs.slice(i, i + STEP_ROWS));
  }
  return out;
}

/** The replay: bulk steps in lifecycle order, times per booking. */
function replaySteps(bookings: BookingPlan[]): string[] {
  const out: string[] = chunks(bookings).map(bookingsInsert);

  const deposits = bookings.flatMap((b) =>
    b.payments.filter((p) => p.kind === "deposit").map((p) => ({ b, p }))
  );
  const byActor = groupBy(
    deposits,
    (r) => r.p.provider === "stripe" ? "stripe" : "staff",
  );
  for (const [actor, all] of byActor) {
    for (const rows of chunks(all)) {
      out.push(
        `  -- deposits (${actor}): the payments trigger confirms each booking\n` +
          replay(actor, rows.map(({ b, p }) => [b.id, p.at])) +
          paymentsInsert(rows),
      );
    }
  }

  const steps = bookings.flatMap((b) => b.steps.map((s) => ({ b, s })));
  for (const chefs of chunks(steps.filter(({ s }) => s.chefId))) {
    out.push(
      `  -- chef assignments by the manager\n` +
        replay("staff", chefs.map(({ b, s }) => [b.id, s.at])) +
        `  update public.bookings b set chef_id = v.chef_id::uuid\n` +
        `  from (values ${
          chefs.map(({ b, s }) => `(${lit(b.id)}, ${lit(s.chefId!)})`).join(
            ", ",
          )
        }) as v (id, chef_id)\n  where b.id = v.id::uuid;\n`,
    );
  }

  const changes = steps.filter(({ s }) => s.status);
  for (const status of STATUS_ORDER) {
    const ofStatus = changes.filter(({ s }) => s.status === status);
    const groups = groupBy(ofStatus, ({ s }) => `${s.actor}|${s.note ?? ""}`);
    for (
      const [key, rows] of [...groups].flatMap(([k, all]) =>
        chunks(all).map((c) => [k, c] as const)
      )
    ) {
      const [actor, note] = key.split("|");
      out.push(
        `  -- ${status} (${actor})\n` +
          replay(actor, rows.map(({ b, s }) => [b.id, s.at]), note) +
          `  update public.bookings set status = ${lit(status)}\n` +
          `  where id in (${rows.map(({ b }) => lit(b.id)).join(", ")});\n`,
      );
    }
  }

  const rest = bookings.flatMap((b) =>
    b.payments.filter((p) => p.kind !== "deposit").map((p) => ({ b, p }))
  );
  for (const rows of chunks(rest)) {
    out.push(
      `  -- balances and refunds (ledger only; no status change)\n` +
        replay("staff", []) + paymentsInsert(rows),
    );
  }
  return out;
}

/** The whole seed file. */
export function renderHistorySql(): string {
  const plan = buildHistoryPlan();
  const head =
    `-- GENERATED by supabase/seed/generate_history.ts; do not edit by hand.
-- Booking history ${HISTORY_FROM} .. ${HISTORY_TO} (event dates) plus upcoming
-- bookings through ${UPCOMING_TO}: ${plan.bookings.length} bookings, ${plan.customers.length} customers.
-- Replayed through the real triggers; app.event_at dates each history row.
-- Runs after seed.sql (locations, chefs, menu, staff ${MANAGER_ID}).

`;
  // One DO block per step: each is self-contained (it names its own actor,
  // note and times), whether the client runs the file in one transaction
  // (lib/db) or statement by statement; small statements also keep the
  // Supabase CLI's statement splitter fast.
  const body = replaySteps(plan.bookings).map((step) =>
    `do $step$\nbegin\n${step}end\n$step$;\n`
  ).join("\n");
  return head + customersSql(plan.customers, plan.bookings) + "\n" + body +
    `
-- Leave no replay settings behind for the rest of the seeding transaction.
select set_config('app.event_at_by_booking', '', true),
       set_config('app.event_note', '', true),
       set_config('app.actor', '', true);
`;
}

if (import.meta.main) {
  const sql = renderHistorySql();
  if (Deno.args.includes("--check")) {
    const current = await Deno.readTextFile(OUT).catch(() => "");
    if (current !== sql) {
      console.error(
        "supabase/seed/history.sql is stale: run generate_history.ts",
      );
      Deno.exit(1);
    }
    console.log("history.sql is up to date");
  } else {
    await Deno.writeTextFile(OUT, sql);
    console.log(`wrote ${OUT.pathname} (${(sql.length / 1024).toFixed(0)} kB)`);
  }
}
