/**
 * Business metrics read from the database at scrape time: they describe the
 * business, not one instance, so every instance reports the same numbers and
 * nothing is lost on restart. Alert rules: `ops/prometheus/alerts.yml`.
 *
 * @module
 */
import { type Db, privileged } from "../db/mod.ts";
import { Gauge } from "./registry.ts";
import { SMS_DELIVERY_STATUSES } from "../sms/types.ts";

interface Row {
  statuses: Record<string, number> | null;
  pending_deposit_24h: number;
  created_24h: number;
  paid_24h: number;
  deposits_cents: number;
  revenue_cents: number;
  active_holds: number;
  outbox_pending: number;
  outbox_oldest_seconds: number;
  outbox_failed: number;
  sms_24h: Record<string, number> | null;
}

/** The gauges of one scrape at `now`. */
export async function businessMetrics(db: Db, now: Date): Promise<Gauge[]> {
  const [row] = await privileged(db, (tx) =>
    tx<Row[]>`
    select
      (select jsonb_object_agg(status, n) from (
         select status, count(*)::int as n from public.bookings group by status) s
      ) as statuses,
      (select count(*)::int from public.bookings
        where status = 'pending_deposit'
          and created_at > ${now}::timestamptz - interval '24 hours') as pending_deposit_24h,
      (select count(*)::int from public.bookings
        where created_at > ${now}::timestamptz - interval '24 hours') as created_24h,
      (select count(distinct booking_id)::int from public.payments
        where kind = 'deposit'
          and created_at > ${now}::timestamptz - interval '24 hours') as paid_24h,
      (select coalesce(sum(amount_cents), 0)::bigint from public.payments
        where kind = 'deposit') as deposits_cents,
      (select coalesce(sum(case when kind = 'refund' then -amount_cents
                                else amount_cents end), 0)::bigint
         from public.payments) as revenue_cents,
      (select count(*)::int from public.holds
        where expires_at > ${now}) as active_holds,
      (select count(*)::int from public.notifications
        where status in ('pending', 'sending')) as outbox_pending,
      (select coalesce(extract(epoch from ${now}::timestamptz - min(created_at)), 0)::float8
         from public.notifications
        where status in ('pending', 'sending')) as outbox_oldest_seconds,
      (select count(*)::int from public.notifications
        where status = 'failed') as outbox_failed,
      (select jsonb_object_agg(delivery, n) from (
         select coalesce(delivery_status, 'unknown') as delivery, count(*)::int as n
         from public.notifications
         where channel = 'sms' and status = 'sent'
           and sent_at > ${now}::timestamptz - interval '24 hours'
         group by 1) s
      ) as sms_24h`);
  const bookings = new Gauge(
    "myhibachi_bookings",
    "Bookings by status (all time).",
  );
  for (const [status, n] of Object.entries(row.statuses ?? {})) {
    bookings.set({ status }, n);
  }
  // Every status is a series, zero or not, so a rate over them never
  // divides by a missing one.
  const sms = new Gauge(
    "myhibachi_sms_sent_24h",
    "SMS handed to the provider in the last 24 hours, by delivery status (ADR 0060).",
  );
  for (const status of [...SMS_DELIVERY_STATUSES, "unknown"]) {
    sms.set({ delivery_status: status }, row.sms_24h?.[status] ?? 0);
  }
  const ratio = row.created_24h === 0 ? 0 : row.paid_24h / row.created_24h;
  return [
    bookings,
    new Gauge(
      "myhibachi_bookings_created_24h",
      "Bookings created in the last 24 hours.",
    ).set({}, row.created_24h),
    new Gauge(
      "myhibachi_bookings_unpaid_24h",
      "Bookings of the last 24 hours still waiting for their deposit.",
    ).set({}, row.pending_deposit_24h),
    new Gauge(
      "myhibachi_deposit_conversion_24h",
      "Share of the last 24 hours' bookings whose deposit was paid in that time.",
    ).set({}, Math.round(ratio * 10_000) / 10_000),
    new Gauge(
      "myhibachi_deposits_cents",
      "Deposits received, in cents (all time).",
    ).set({}, Number(row.deposits_cents)),
    new Gauge(
      "myhibachi_revenue_cents",
      "Payments received minus refunds, in cents (all time).",
    ).set({}, Number(row.revenue_cents)),
    new Gauge("myhibachi_active_holds", "Slot holds not yet expired.")
      .set({}, row.active_holds),
    new Gauge(
      "myhibachi_outbox_pending",
      "Mails waiting in the outbox (pending or being sent).",
    ).set({}, row.outbox_pending),
    new Gauge(
      "myhibachi_outbox_oldest_pending_seconds",
      "Age of the oldest mail still waiting in the outbox.",
    ).set({}, Math.max(0, Math.round(row.outbox_oldest_seconds))),
    new Gauge(
      "myhibachi_outbox_failed",
      "Mails the outbox gave up on.",
    ).set({}, row.outbox_failed),
    sms,
  ];
}
