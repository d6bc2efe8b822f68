/**
 * Staff reconciliation of payments (issue 12 item 7, `/admin/payments`):
 * the ledger by day and method, every Stripe event of the period tied out
 * against the ledger with mismatches flagged, and card refunds that failed
 * or are stuck. Runs under the caller's claims: RLS shows a manager their
 * locations' money and Stripe events, an admin everything, a chef nothing.
 *
 * @module
 */
import { z } from "zod";
import { type Claims, type Db, withClaims } from "../db/mod.ts";
import { addDays, localDateOf } from "../booking_window/mod.ts";
import { isoDate } from "../schemas/common.ts";

/** The business's time zone for days (both locations are in it). */
export const RECONCILIATION_ZONE = "America/Los_Angeles";
/** Longest period one page covers. */
export const MAX_RECONCILIATION_DAYS = 92;
/** A refund request still open after this long is flagged. */
export const STUCK_REFUND_MS = 60 * 60_000;

/** `?from&to` (inclusive dates); both optional (default: the last 30 days). */
export const reconciliationQuerySchema = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
}).refine((q) => !q.from || !q.to || q.from <= q.to, {
  message: "from must not be after to",
  path: ["from"],
});

/** Totals of one day and method. */
export interface DayMethodTotal {
  day: string;
  method: string;
  provider: string;
  paymentsCents: number;
  refundsCents: number;
  count: number;
}

/** One Stripe event (or ledger card row without one) and how it ties out. */
export interface StripeLine {
  eventId: string | null;
  type: string;
  reference: string | null;
  objectId: string | null;
  /** What Stripe reported (cumulative for `charge.refunded`). */
  stripeCents: number | null;
  /** What the ledger holds for the same object. */
  ledgerCents: number | null;
  outcome: string;
  at: string;
  /** Null when it ties out. */
  problem: string | null;
}

/** A card refund that failed at Stripe or has not completed in time. */
export interface RefundIssue {
  reference: string;
  amountCents: number;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

/** The page's data. */
export interface Reconciliation {
  from: string;
  to: string;
  days: DayMethodTotal[];
  stripe: StripeLine[];
  mismatches: number;
  refundIssues: RefundIssue[];
  openRefundsDueCents: number;
}

/** The period of a query at `now`: explicit dates, else the last 30 days. */
export function reconciliationPeriod(
  q: z.infer<typeof reconciliationQuerySchema>,
  now: Date,
): { from: string; to: string } {
  const today = localDateOf(now, RECONCILIATION_ZONE);
  const to = q.to ?? (q.from ? addDays(q.from, 29) : today);
  const from = q.from ?? addDays(to, -29);
  return { from, to };
}

interface EventRow {
  id: string | null;
  type: string;
  booking_reference: string | null;
  object_id: string | null;
  amount_cents: number | null;
  ledger_cents: number | null;
  outcome: string;
  at: Date;
  latest: boolean;
}

const CREDIT_TYPES = new Set([
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
]);

/** Why a line does not tie out, or null. */
export function stripeProblem(e: Omit<EventRow, "at" | "id">): string | null {
  if (e.outcome === "unknown_booking") {
    return "Stripe reported this for no known booking: nothing is in the ledger.";
  }
  if (e.outcome === "refund_failed") {
    return "The refund failed at Stripe: the refund due is still open.";
  }
  if (e.type === "ledger_only") {
    return "Card payment in the ledger without a Stripe event.";
  }
  if (CREDIT_TYPES.has(e.type) && e.outcome !== "not_paid") {
    if (e.ledger_cents === null) return "No ledger row for this payment.";
    if (e.amount_cents !== null && e.ledger_cents !== e.amount_cents) {
      return "The ledger amount differs from Stripe's.";
    }
  }
  if (e.type === "charge.refunded" && e.latest) {
    if ((e.ledger_cents ?? 0) !== (e.amount_cents ?? 0)) {
      return "Refunds in the ledger differ from Stripe's total for this charge.";
    }
  }
  return null;
}

function iso(d: Date | string): string {
  return (d instanceof Date ? d : new Date(d)).toISOString();
}

/** Loads the reconciliation of `from`..`to` (inclusive) as `claims`. */
export async function loadReconciliation(
  db: Db,
  claims: Claims,
  period: { from: string; to: string },
  now: Date,
): Promise<Reconciliation> {
  const { from, to } = period;
  const zone = RECONCILIATION_ZONE;
  return await withClaims(db, claims, async (tx) => {
    const days = await tx<
      {
        day: string;
        method: string;
        provider: string;
        payments: number;
        refunds: number;
        n: number;
      }[]
    >`
      select to_char((p.created_at at time zone ${zone})::date, 'YYYY-MM-DD') as day,
        p.method, p.provider,
        coalesce(sum(p.amount_cents) filter (where p.kind <> 'refund'), 0)::int as payments,
        coalesce(sum(p.amount_cents) filter (where p.kind = 'refund'), 0)::int as refunds,
        count(*)::int as n
      from public.payments p
      where (p.created_at at time zone ${zone})::date between ${from}::date and ${to}::date
      group by 1, 2, 3
      order by 1, 2, 3`;
    const events = await tx<EventRow[]>`
      with ev as (
        select e.id, e.type, e.booking_reference, e.object_id, e.amount_cents, e.outcome,
          e.received_at as at,
          row_number() over (partition by e.type, e.object_id
                             order by e.amount_cents desc nulls last, e.received_at desc) = 1 as latest
        from public.stripe_events e
        where (e.received_at at time zone ${zone})::date between ${from}::date and ${to}::date
      )
      select ev.id, ev.type, ev.booking_reference, ev.object_id, ev.amount_cents, ev.outcome, ev.at, ev.latest,
        case
          when ev.type in ('checkout.session.completed', 'checkout.session.async_payment_succeeded') then
            (select sum(p.amount_cents)::int from public.payments p
             where p.idempotency_key = 'stripe:' || ev.object_id)
          when ev.type = 'charge.refunded' then
            (select sum(p.amount_cents)::int from public.payments p
             where p.kind = 'refund' and p.provider = 'stripe'
               and left(p.provider_reference, length(ev.object_id) + 1) = ev.object_id || ':')
        end as ledger_cents
      from ev
      union all
      select null, 'ledger_only', b.reference, substr(p.idempotency_key, 8), null, 'ledger_only',
        p.created_at, true, p.amount_cents
      from public.payments p join public.bookings b on b.id = p.booking_id
      where p.provider = 'stripe' and p.kind <> 'refund'
        and (p.created_at at time zone ${zone})::date between ${from}::date and ${to}::date
        and not exists (select 1 from public.stripe_events e
                        where e.object_id = substr(p.idempotency_key, 8)
                          and e.type in ('checkout.session.completed', 'checkout.session.async_payment_succeeded'))
      order by 7, 1 nulls last`;
    const stuckBefore = new Date(now.getTime() - STUCK_REFUND_MS);
    const refunds = await tx<
      {
        reference: string;
        amount_cents: number;
        status: string;
        attempts: number;
        last_error: string | null;
        created_at: Date;
      }[]
    >`
      select b.reference, r.amount_cents, r.status, r.attempts, r.last_error, r.created_at
      from public.stripe_refunds r join public.bookings b on b.id = r.booking_id
      where r.status = 'failed'
         or (r.status in ('queued', 'sending', 'requested') and r.created_at <= ${stuckBefore})
      order by r.created_at`;
    const [due] = await tx<{ cents: number }[]>`
      select coalesce(sum(r.amount_cents - r.settled_cents), 0)::int as cents
      from public.refunds_due r where r.status = 'due'`;
    const stripe = events.map((e): StripeLine => ({
      eventId: e.id,
      type: e.type,
      reference: e.booking_reference,
      objectId: e.object_id,
      stripeCents: e.amount_cents,
      ledgerCents: e.ledger_cents,
      outcome: e.outcome,
      at: iso(e.at),
      problem: stripeProblem(e),
    }));
    return {
      from,
      to,
      days: days.map((d) => ({
        day: d.day,
        method: d.method,
        provider: d.provider,
        paymentsCents: d.payments,
        refundsCents: d.refunds,
        count: d.n,
      })),
      stripe,
      mismatches: stripe.filter((s) => s.problem).length,
      refundIssues: refunds.map((r) => ({
        reference: r.reference,
        amountCents: r.amount_cents,
        status: r.status,
        attempts: r.attempts,
        lastError: r.last_error,
        createdAt: iso(r.created_at),
      })),
      openRefundsDueCents: due?.cents ?? 0,
    };
  }, { readOnly: true });
}
