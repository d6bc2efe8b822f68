/**
 * Sends the queued Stripe refunds (`public.stripe_refunds`, queued by the
 * database with each refund due; ADR 0019). Safe with any number of app
 * instances: rows are claimed with `for update skip locked` and a lease.
 * Each call carries the row's idempotency key (one per refund due and
 * PaymentIntent), so a retry after an outage or a crash between Stripe's
 * answer and our update refunds once. The ledger row is not written here:
 * it arrives with the `charge.refunded` webhook.
 *
 * @module
 */
import { type Db, privileged } from "../db/mod.ts";
import { log } from "../observability/log.ts";
import { describeError } from "../observability/errors.ts";
import { type PaymentsGateway, PaymentsUnavailableError } from "./mod.ts";

/** Attempts after which an unreachable Stripe is given up on (`failed`). */
export const REFUND_MAX_ATTEMPTS = 8;
/** First retry delay; doubles per attempt (1, 2, 4 … min). */
export const REFUND_RETRY_BASE_MS = 60_000;
/** How long a claimed row stays reserved for its instance. */
export const REFUND_LEASE_MS = 5 * 60_000;

/** What one run did. */
export interface RefundRun {
  requested: number;
  retried: number;
  failed: number;
}

interface Claimed {
  id: string;
  reference: string;
  payment_intent: string;
  amount_cents: number;
  idempotency_key: string;
  attempts: number;
}

/** Delay before retry number `attempts` (1-based). */
export function refundRetryDelayMs(attempts: number): number {
  return REFUND_RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1);
}

async function claim(
  db: Db,
  now: Date,
  limit: number,
  bookingId: string | null,
): Promise<Claimed[]> {
  const lease = new Date(now.getTime() + REFUND_LEASE_MS);
  return await privileged(db, async (tx) => {
    const rows = await tx<Claimed[]>`
      update public.stripe_refunds r
      set status = 'sending', attempts = r.attempts + 1, next_attempt_at = ${lease}
      from public.bookings b
      where b.id = r.booking_id and r.id in (
        select d.id from public.stripe_refunds d
        where (${bookingId}::uuid is null or d.booking_id = ${bookingId}::uuid)
          and ((d.status = 'queued' and (d.next_attempt_at is null or d.next_attempt_at <= ${now}))
            or (d.status = 'sending' and d.next_attempt_at <= ${now}))
        order by d.created_at, d.id
        limit ${limit}
        for update skip locked)
      returning r.id, b.reference, r.payment_intent, r.amount_cents, r.idempotency_key, r.attempts`;
    return [...rows];
  });
}

/**
 * Claims due refunds (all, or one booking's) and sends them to Stripe.
 * Never throws for Stripe's answers: an outage is retried later with
 * backoff, a refusal marks the row `failed` with an alert in the log.
 */
export async function sendStripeRefunds(
  db: Db,
  gateway: PaymentsGateway,
  now: Date,
  options: { bookingId?: string; limit?: number } = {},
): Promise<RefundRun> {
  const run: RefundRun = { requested: 0, retried: 0, failed: 0 };
  const rows = await claim(
    db,
    now,
    options.limit ?? 20,
    options.bookingId ?? null,
  );
  for (const row of rows) {
    try {
      const refund = await gateway.refund({
        paymentIntent: row.payment_intent,
        amountCents: row.amount_cents,
        idempotencyKey: row.idempotency_key,
        reference: row.reference,
      });
      // The webhook may already have settled it (it can arrive before
      // Stripe's answer): only a row still sending becomes requested.
      await privileged(db, async (tx) => {
        await tx`
          update public.stripe_refunds
          set status = case when status = 'sending' then 'requested' else status end,
              stripe_refund_id = ${refund.id}, requested_at = ${now},
              next_attempt_at = null, last_error = null
          where id = ${row.id} and attempts = ${row.attempts}`;
        await tx`
          insert into public.audit_log (actor, action, entity, entity_id, details)
          select 'system', 'refund.stripe_requested', 'booking', r.booking_id::text,
            jsonb_build_object('reference', ${row.reference}::text, 'stripe_refund_id', ${refund.id}::text,
              'amount_cents', r.amount_cents, 'payment_intent', r.payment_intent)
          from public.stripe_refunds r where r.id = ${row.id}`;
      });
      run.requested++;
      log("info", {
        msg: "payments: stripe refund requested",
        reference: row.reference,
        refundId: refund.id,
        amountCents: row.amount_cents,
      });
    } catch (err) {
      const message = describeError(err).message.slice(0, 1000);
      const retry = err instanceof PaymentsUnavailableError &&
        row.attempts < REFUND_MAX_ATTEMPTS;
      const next = new Date(now.getTime() + refundRetryDelayMs(row.attempts));
      await privileged(db, (tx) =>
        tx`
        update public.stripe_refunds
        set status = ${retry ? "queued" : "failed"},
            next_attempt_at = ${retry ? next : null}, last_error = ${message}
        where id = ${row.id} and status = 'sending' and attempts = ${row.attempts}`);
      if (retry) run.retried++;
      else run.failed++;
      log(retry ? "warn" : "error", {
        msg: retry
          ? "payments: stripe refund failed, will retry"
          : "payments: stripe refund refused; the refund due stays open",
        ...(retry ? {} : { alert: "stripe_refund_failed" }),
        reference: row.reference,
        attempts: row.attempts,
        error: message,
      });
    }
  }
  return run;
}
