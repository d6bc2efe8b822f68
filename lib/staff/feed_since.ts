/**
 * What the live feed missed: booking history and payments since a moment,
 * as the same change shapes realtime delivers, read under the caller's
 * claims so RLS shows each staff member only their bookings. The dashboard
 * asks for it after its realtime channel was interrupted (NOTIFY is not
 * queued, so those changes never arrive by themselves).
 *
 * @module
 */
import { z } from "zod";
import { type Db, withClaims } from "../db/mod.ts";
import type { FeedChange } from "./feed.ts";
import type { StaffActor } from "./bookings.ts";

/** Query of `GET /api/staff/feed`. */
export const feedSinceQuerySchema = z.object({
  since: z.iso.datetime({ offset: true }),
  limit: z.coerce.number().int().min(1).max(200).default(100),
}).strict();

/** Parsed {@link feedSinceQuerySchema}. */
export type FeedSinceQuery = z.output<typeof feedSinceQuerySchema>;

interface Row {
  table: "bookings" | "payments";
  type: string;
  at: Date;
  row: Record<string, unknown>;
  old_status: string | null;
}

/** Changes after `query.since`, oldest first, at most `query.limit`. */
export async function feedSince(
  db: Db,
  actor: StaffActor,
  query: FeedSinceQuery,
): Promise<FeedChange[]> {
  const rows = await withClaims(db, actor.claims, (tx) =>
    tx<Row[]>`
      select * from (
        select 'bookings' as table, e.type, e.at,
          jsonb_build_object(
            'id', b.id, 'reference', b.reference, 'status', b.status,
            'event_date', b.event_date, 'slot_time', b.slot_time,
            'city', b.city, 'adults', b.adults, 'children', b.children,
            'under6', b.under6) as row,
          e.before ->> 'status' as old_status
        from public.booking_events e
        join public.bookings b on b.id = e.booking_id
        where e.at > ${query.since}::timestamptz
          and (e.type = 'created' or e.type = 'status_changed')
        union all
        select 'payments', 'created', p.created_at,
          jsonb_build_object('id', p.id, 'booking_id', p.booking_id,
            'amount_cents', p.amount_cents, 'kind', p.kind, 'method', p.method),
          null
        from public.payments p
        where p.created_at > ${query.since}::timestamptz
      ) changes
      order by at
      limit ${query.limit}`, { readOnly: true });
  return rows.map((r) => ({
    table: r.table,
    eventType: r.type === "created" ? "INSERT" : "UPDATE",
    commit_timestamp: new Date(r.at).toISOString(),
    new: r.row,
    old: r.old_status ? { status: r.old_status } : {},
  }));
}
