/**
 * CSV exports of bookings, payments and customers for a range (SPEC §5 `GET
 * /api/staff/exports/{bookings|payments|customers}.csv`, ADR 0040): RFC 4180
 * (CRLF, quoted where needed) written by csv-stringify, with formula cells
 * neutralised (`escape_formulas`: a cell starting with = + - @ tab or CR
 * gets a leading apostrophe), streamed from a database cursor so 100,000
 * rows never sit in memory, read under the caller's RLS (a manager exports
 * their locations). Each export is audited before its first byte leaves.
 *
 * @module
 */
import { stringify } from "csv-stringify/sync";
import type { Claims, Db, TransactionSql } from "../db/mod.ts";
import { withClaims } from "../db/mod.ts";
import { ERROR_CODES } from "../http/errors.ts";
import { StaffError } from "../staff/errors.ts";
import type { StaffRole } from "../staff/types.ts";
import {
  requireAnalyticsRole,
  type ResolvedRange,
  resolveRange,
} from "./report.ts";
import type { AnalyticsQuery, ExportKind } from "./schema.ts";

/** Rows fetched per cursor round trip (and written as one chunk). */
const BATCH_ROWS = 500;

/** The columns of each export, in order: key in the row and CSV header. */
export const EXPORT_COLUMNS: Record<ExportKind, readonly string[]> = {
  bookings: [
    "reference",
    "status",
    "location",
    "event_date",
    "slot_time",
    "created_at",
    "customer_name",
    "customer_email",
    "customer_phone",
    "adults",
    "children",
    "under6",
    "city",
    "zip",
    "payment_method",
    "total_usd",
    "deposit_usd",
    "paid_usd",
    "chef",
    "notes",
  ],
  payments: [
    "id",
    "paid_at",
    "paid_on",
    "kind",
    "method",
    "provider",
    "amount_usd",
    "booking_reference",
    "location",
    "customer_name",
    "customer_email",
    "provider_reference",
    "recorded_by",
    "note",
  ],
  customers: [
    "id",
    "name",
    "email",
    "phone",
    "customer_since",
    "bookings",
    "completed_events",
    "first_event",
    "last_event",
    "booked_usd",
    "paid_usd",
  ],
};

/** The scope of one export, checked and resolved. */
interface Scope extends ResolvedRange {
  kind: ExportKind;
}

// Money as dollars with two decimals; instants as ISO 8601 UTC.
const USD = (cents: string) => `to_char((${cents}) / 100.0, 'FM9999999990.00')`;

/** The cursor query of one export. */
function exportQuery(tx: TransactionSql, s: Scope) {
  const loc = s.location?.id ?? null;
  switch (s.kind) {
    case "bookings":
      return tx`
        select b.reference, b.status, l.slug as location, b.event_date::text as event_date,
          b.slot_time, to_char(b.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at,
          c.name as customer_name, c.email::text as customer_email, c.phone as customer_phone,
          b.adults, b.children, b.under6, b.city, b.zip, b.payment_method,
          ${tx.unsafe(USD("b.total_cents"))} as total_usd,
          ${tx.unsafe(USD("b.deposit_cents"))} as deposit_usd,
          ${tx.unsafe(USD("coalesce(p.paid, 0)"))} as paid_usd,
          s.full_name as chef, b.notes
        from public.bookings b
        join public.locations l on l.id = b.location_id
        join public.customers c on c.id = b.customer_id
        left join public.chefs ch on ch.id = b.chef_id
        left join public.staff s on s.user_id = ch.user_id
        left join lateral (
          select sum(case when x.kind = 'refund' then -x.amount_cents else x.amount_cents end) as paid
          from public.payments x where x.booking_id = b.id) p on true
        where b.event_date between ${s.from}::date and ${s.to}::date
          and (${loc}::uuid is null or b.location_id = ${loc}::uuid)
        order by b.event_date, b.slot_time, b.id`;
    case "payments":
      return tx`
        select x.id, to_char(x.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as paid_at,
          (x.created_at at time zone l.timezone)::date::text as paid_on,
          x.kind, x.method, x.provider, ${
        tx.unsafe(USD("x.amount_cents"))
      } as amount_usd,
          b.reference as booking_reference, l.slug as location,
          c.name as customer_name, c.email::text as customer_email,
          x.provider_reference, s.email::text as recorded_by, x.note
        from public.payments x
        join public.bookings b on b.id = x.booking_id
        join public.locations l on l.id = b.location_id
        join public.customers c on c.id = b.customer_id
        left join public.staff s on s.user_id = x.recorded_by
        -- A day of margin for any zone, then the exact business day.
        where x.created_at >= ${s.from}::date::timestamp at time zone 'UTC' - interval '1 day'
          and x.created_at < (${s.to}::date + 2)::timestamp at time zone 'UTC'
          and (x.created_at at time zone l.timezone)::date between ${s.from}::date and ${s.to}::date
          and (${loc}::uuid is null or b.location_id = ${loc}::uuid)
        order by x.created_at, x.id`;
    case "customers":
      return tx`
        with seen as (
          select b.customer_id, count(*) as bookings,
            count(*) filter (where b.status = 'completed') as completed_events,
            min(b.event_date) as first_event, max(b.event_date) as last_event,
            sum(b.total_cents) filter (where b.status not in ('cancelled', 'expired')) as booked
          from public.bookings b
          where b.event_date between ${s.from}::date and ${s.to}::date
            and (${loc}::uuid is null or b.location_id = ${loc}::uuid)
          group by b.customer_id)
        select c.id, c.name, c.email::text as email, c.phone,
          to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as customer_since,
          seen.bookings, seen.completed_events, seen.first_event::text as first_event,
          seen.last_event::text as last_event,
          ${tx.unsafe(USD("coalesce(seen.booked, 0)"))} as booked_usd,
          ${tx.unsafe(USD("coalesce(paid.net, 0)"))} as paid_usd
        from seen
        join public.customers c on c.id = seen.customer_id
        left join lateral (
          select sum(case when x.kind = 'refund' then -x.amount_cents else x.amount_cents end) as net
          from public.bookings b join public.payments x on x.booking_id = b.id
          where b.customer_id = c.id and b.event_date between ${s.from}::date and ${s.to}::date
            and (${loc}::uuid is null or b.location_id = ${loc}::uuid)) paid on true
        order by c.email, c.id`;
  }
}

/** One chunk of CSV: `rows` (and the header line first when `header`). */
export function csvChunk(
  kind: ExportKind,
  rows: readonly Record<string, unknown>[],
  header: boolean,
): string {
  return stringify(rows as Record<string, unknown>[], {
    header,
    columns: [...EXPORT_COLUMNS[kind]],
    record_delimiter: "\r\n",
    escape_formulas: true,
    cast: { bigint: (v) => String(v), boolean: (v) => (v ? "true" : "false") },
  });
}

/** File name of an export, e.g. `bookings-2026-01-01-to-2026-12-31.csv`. */
export function exportFileName(kind: ExportKind, s: ResolvedRange): string {
  const where = s.location ? `-${s.location.slug}` : "";
  return `${kind}${where}-${s.from}-to-${s.to}.csv`;
}

/** A ready export: its file name and the stream of its bytes. */
export interface CsvExport {
  fileName: string;
  body: ReadableStream<Uint8Array>;
}

/**
 * Checks the caller (managers and admins; a manager's own locations), writes
 * the audit row (committed before any data leaves) and returns the CSV
 * stream. The stream reads in a read-only transaction with a cursor, one
 * batch per chunk, and waits for the client to take each chunk
 * (backpressure); a client that goes away cancels the cursor.
 */
export async function csvExport(
  db: Db,
  claims: Claims,
  role: StaffRole,
  kind: ExportKind,
  q: AnalyticsQuery,
  now: Date,
): Promise<CsvExport> {
  requireAnalyticsRole(role);
  const scope: Scope = await withClaims(db, claims, async (tx) => {
    const range = await resolveRange(tx, q, now);
    if (range.location) {
      const [{ ok }] = await tx<{ ok: boolean }[]>`
        select app.can_manage_location(${range.location.id}::uuid) as ok`;
      if (!ok) {
        throw new StaffError(
          403,
          ERROR_CODES.FORBIDDEN,
          "You do not run that location.",
        );
      }
    }
    await tx`
      insert into public.audit_log (actor, actor_id, action, entity, entity_id, details)
      values ('staff', auth.uid(), ${`export.${kind}`}, 'export', ${kind},
        ${
      tx.json({
        from: range.from,
        to: range.to,
        location: range.location?.slug ?? null,
      })
    })`;
    return { ...range, kind };
  });
  const encoder = new TextEncoder();
  const { readable, writable } = new TransformStream<string, Uint8Array>(
    { transform: (chunk, c) => c.enqueue(encoder.encode(chunk)) },
    { highWaterMark: 2 },
    { highWaterMark: 2 },
  );
  const writer = writable.getWriter();
  const run = withClaims(db, claims, async (tx) => {
    // A client that stops reading must not hold the transaction forever.
    await tx`set local idle_in_transaction_session_timeout = '60s'`;
    let header = true;
    for await (const rows of exportQuery(tx, scope).cursor(BATCH_ROWS)) {
      await writer.ready;
      await writer.write(csvChunk(kind, rows, header));
      header = false;
    }
    if (header) await writer.write(csvChunk(kind, [], true));
  }, { readOnly: true });
  run.then(
    () => writer.close(),
    (err) => writer.abort(err).catch(() => {}),
  );
  return { fileName: exportFileName(kind, scope), body: readable };
}
