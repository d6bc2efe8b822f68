/**
 * Customers (issue 11 item 1, SPEC §4 `/admin/customers`, ADR 0033): search
 * by name, e-mail or phone (index-backed, keyset cursor), a customer's
 * history and figures, notes and tags, duplicate suggestions and merge,
 * export and erasure of their personal data. Reads run under the caller's
 * RLS; every function starts with the database's own check that the caller
 * is a manager or admin (`app.crm_check_caller`), so chefs are refused by
 * PostgreSQL, not only here. Writes are the audited `app.customer_*`
 * functions (migration 20261221200000).
 *
 * @module
 */
import { z } from "zod";
import type { Claims, Db, TransactionSql } from "../db/mod.ts";
import { withClaims } from "../db/mod.ts";
import { ERROR_CODES } from "../http/errors.ts";
import { dbRefusal, fromDbError, StaffError } from "../staff/errors.ts";

/** A tag: a short lowercase slug ("vip", "allergy-nuts"); SQL `app.customer_tags_valid`. */
export const customerTagSchema = z.string().trim().toLowerCase().regex(
  /^[a-z0-9][a-z0-9-]{0,29}$/,
  "a tag is 1 to 30 lowercase letters, digits or dashes",
);

/** `GET /api/staff/customers` query. */
export const customersQuerySchema = z.strictObject({
  /** Name or e-mail words, an e-mail prefix, or a phone number (its digits). */
  q: z.string().trim().max(100).default(""),
  /** `nextCursor` of the previous page. */
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/** `PATCH /api/staff/customers/{id}` body: what is given is replaced. */
export const updateCustomerBodySchema = z.strictObject({
  notes: z.string().max(5000).nullable().optional(),
  tags: z.array(customerTagSchema).max(20).optional(),
}).refine((b) => b.notes !== undefined || b.tags !== undefined, {
  message: "give notes or tags",
});

/** `POST /api/staff/customers/{id}/merge` body: the duplicate merged into `{id}`. */
export const mergeBodySchema = z.strictObject({
  duplicateId: z.uuid(),
});

/** `GET /api/staff/customers/duplicates` query. */
export const duplicatesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A customer in a list. */
export interface CustomerSummary {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  tags: string[];
  erasedAt: string | null;
}

/** A page of the search. */
export interface CustomerPage {
  items: CustomerSummary[];
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

/** One booking of a customer. */
export interface CustomerBooking {
  reference: string;
  status: string;
  eventDate: string;
  slotTime: string;
  guests: number;
  locationName: string;
  chefName: string | null;
  totalCents: number;
}

/** A customer's page. */
export interface CustomerDetail extends CustomerSummary {
  notes: string | null;
  createdAt: string;
  /** Payments minus refunds in the ledger (the caller's locations). */
  lifetimeValueCents: number;
  paidCents: number;
  refundedCents: number;
  bookingCount: number;
  /** Guests per booking that was not cancelled or expired; null without one. */
  averageParty: number | null;
  /** Date of the latest completed event. */
  lastEventDate: string | null;
  /** The chef staff set, else the chef of most of their completed events. */
  preferredChef: { name: string; source: "set" | "most_booked" } | null;
  bookings: CustomerBooking[];
}

/** A suggested duplicate pair. */
export interface DuplicatePair {
  reason: "same_phone";
  customer: CustomerSummary;
  duplicate: CustomerSummary;
}

/** Maps the customer SQL errors (migration header) to StaffErrors. */
export function customersError(err: unknown): StaffError | null {
  if (err instanceof StaffError) return err;
  const e = dbRefusal(err);
  if (!e) return null;
  const { constraint, message } = e;
  switch (constraint) {
    case "crm_staff_only":
    case "crm_customer_scope":
      return new StaffError(403, ERROR_CODES.FORBIDDEN, message);
    case "customer_exists":
      return new StaffError(404, ERROR_CODES.NOT_FOUND, "No such customer.");
    case "customer_merge_self":
      return new StaffError(422, ERROR_CODES.VALIDATION_FAILED, message, [
        { path: "duplicateId", message },
      ]);
    case "customer_erased":
    case "customer_has_open_booking":
      return new StaffError(409, ERROR_CODES.CONFLICT, message);
    case "customers_tags_valid":
      return new StaffError(422, ERROR_CODES.VALIDATION_FAILED, message, [
        { path: "tags", message: "invalid tags" },
      ]);
  }
  return fromDbError(err);
}

async function run<T>(
  db: Db,
  claims: Claims,
  fn: (tx: TransactionSql) => Promise<T>,
  readOnly = false,
): Promise<T> {
  try {
    return await withClaims(db, claims, async (tx) => {
      await tx`select app.crm_check_caller()`;
      return await fn(tx);
    }, { readOnly });
  } catch (err) {
    const mapped = customersError(err);
    if (mapped) throw mapped;
    throw err;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 404 for an id that is not a uuid (it cannot name a customer). */
function requireId(id: string): void {
  if (!UUID.test(id)) {
    throw new StaffError(404, ERROR_CODES.NOT_FOUND, "No such customer.");
  }
}

function iso(d: Date | string | null): string | null {
  return d === null ? null : new Date(d).toISOString();
}

function day(d: Date | string | null): string | null {
  if (d === null) return null;
  return typeof d === "string" ? d.slice(0, 10) : d.toISOString().slice(0, 10);
}

interface CustomerRow {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  tags: string[];
  erased_at: Date | null;
}

function summary(r: CustomerRow): CustomerSummary {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    tags: r.tags,
    erasedAt: iso(r.erased_at),
  };
}

/** Encodes the keyset position after `row`. */
export function encodeCursor(row: { name: string; id: string }): string {
  const bytes = new TextEncoder().encode(JSON.stringify([row.name, row.id]));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-")
    .replaceAll("/", "_").replace(/=+$/, "");
}

/** Decodes a cursor; a 422 on `cursor` when it is not one of ours. */
export function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const b64 = cursor.replaceAll("-", "+").replaceAll("_", "/");
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const v = JSON.parse(new TextDecoder().decode(bytes));
    if (
      Array.isArray(v) && v.length === 2 && typeof v[0] === "string" &&
      typeof v[1] === "string" && UUID.test(v[1])
    ) return { name: v[0], id: v[1] };
  } catch {
    // falls through to the refusal
  }
  throw new StaffError(422, ERROR_CODES.VALIDATION_FAILED, "Invalid cursor.", [
    { path: "cursor", message: "not a cursor this API issued" },
  ]);
}

/** Searches the customers the caller may see, by name, e-mail or phone. */
export async function searchCustomers(
  db: Db,
  claims: Claims,
  q: z.output<typeof customersQuerySchema>,
): Promise<CustomerPage> {
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  return await run(db, claims, async (tx) => {
    const rows = await tx<CustomerRow[]>`
      select id, name, email::text as email, phone, tags, erased_at
      from app.customer_search(${q.q}, ${after?.name ?? null},
        ${after?.id ?? null}, ${q.limit + 1})`;
    const items = rows.slice(0, q.limit).map(summary);
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null,
    };
  }, true);
}

/** A customer's page: profile, figures and bookings (the caller's locations). */
export async function getCustomer(
  db: Db,
  claims: Claims,
  id: string,
): Promise<CustomerDetail> {
  requireId(id);
  return await run(db, claims, async (tx) => {
    const [c] = await tx<
      (CustomerRow & {
        notes: string | null;
        created_at: Date;
        preferred: string | null;
      })[]
    >`
      select c.id, c.name, c.email::text as email, c.phone, c.tags, c.erased_at,
             c.notes, c.created_at, ch.display_name as preferred
      from public.customers c
      left join public.chefs ch on ch.id = c.preferred_chef_id
      where c.id = ${id}`;
    if (!c) {
      throw new StaffError(404, ERROR_CODES.NOT_FOUND, "No such customer.");
    }
    const bookings = await tx<{
      reference: string;
      status: string;
      event_date: Date | string;
      slot_time: string;
      guests: number;
      location_name: string;
      chef_name: string | null;
      total_cents: number;
    }[]>`
      select b.reference, b.status, b.event_date, b.slot_time,
             b.adults + b.children + b.under6 as guests, l.name as location_name,
             ch.display_name as chef_name, b.total_cents
      from public.bookings b
      join public.locations l on l.id = b.location_id
      left join public.chefs ch on ch.id = b.chef_id
      where b.customer_id = ${id}
      order by b.event_date desc, b.slot_time desc`;
    const [money] = await tx<{ paid: number; refunded: number }[]>`
      select coalesce(sum(p.amount_cents) filter (where p.kind <> 'refund'), 0)::int as paid,
             coalesce(sum(p.amount_cents) filter (where p.kind = 'refund'), 0)::int as refunded
      from public.payments p join public.bookings b on b.id = p.booking_id
      where b.customer_id = ${id}`;
    const kept = bookings.filter((b) =>
      b.status !== "cancelled" && b.status !== "expired"
    );
    const completed = bookings.filter((b) => b.status === "completed");
    const chefCounts = new Map<string, number>();
    for (const b of completed) {
      if (b.chef_name) {
        chefCounts.set(b.chef_name, (chefCounts.get(b.chef_name) ?? 0) + 1);
      }
    }
    const mostBooked = [...chefCounts].sort((a, b) =>
      b[1] - a[1] || a[0].localeCompare(b[0])
    )[0];
    return {
      ...summary(c),
      notes: c.notes,
      createdAt: iso(c.created_at)!,
      paidCents: money.paid,
      refundedCents: money.refunded,
      lifetimeValueCents: money.paid - money.refunded,
      bookingCount: bookings.length,
      averageParty: kept.length
        ? Math.round(
          kept.reduce((s, b) =>
            s + b.guests, 0) / kept.length * 10,
        ) / 10
        : null,
      lastEventDate: day(completed[0]?.event_date ?? null),
      preferredChef: c.preferred
        ? { name: c.preferred, source: "set" }
        : mostBooked
        ? { name: mostBooked[0], source: "most_booked" }
        : null,
      bookings: bookings.map((b) => ({
        reference: b.reference,
        status: b.status,
        eventDate: day(b.event_date)!,
        slotTime: b.slot_time,
        guests: b.guests,
        locationName: b.location_name,
        chefName: b.chef_name,
        totalCents: b.total_cents,
      })),
    };
  }, true);
}

/** Replaces notes and/or tags; audited before/after. */
export async function updateCustomer(
  db: Db,
  claims: Claims,
  id: string,
  body: z.output<typeof updateCustomerBodySchema>,
): Promise<CustomerSummary> {
  requireId(id);
  return await run(db, claims, async (tx) => {
    const notes = body.notes === undefined ? null : body.notes ?? "";
    const [row] = await tx<CustomerRow[]>`
      select id, name, email::text as email, phone, tags, erased_at
      from app.customer_update(${id}, ${notes},
        ${body.tags === undefined ? null : body.tags}::text[])`;
    return summary(row);
  });
}

/** Suggested duplicates among the customers the caller sees. */
export async function listDuplicates(
  db: Db,
  claims: Claims,
  q: z.output<typeof duplicatesQuerySchema>,
): Promise<DuplicatePair[]> {
  return await run(db, claims, async (tx) => {
    const pairs = await tx<{ customer_id: string; duplicate_id: string }[]>`
      select customer_id, duplicate_id from app.customer_duplicates(${q.limit})`;
    if (pairs.length === 0) return [];
    const ids = [
      ...new Set(pairs.flatMap((p) => [p.customer_id, p.duplicate_id])),
    ];
    const rows = await tx<CustomerRow[]>`
      select id, name, email::text as email, phone, tags, erased_at
      from public.customers where id = any (${ids}::uuid[])`;
    const byId = new Map(rows.map((r) => [r.id, summary(r)]));
    return pairs.flatMap((p) => {
      const customer = byId.get(p.customer_id);
      const duplicate = byId.get(p.duplicate_id);
      return customer && duplicate
        ? [{ reason: "same_phone" as const, customer, duplicate }]
        : [];
    });
  }, true);
}

/** Merges `duplicateId` into `survivorId` (one transaction, audited). */
export async function mergeCustomers(
  db: Db,
  claims: Claims,
  survivorId: string,
  duplicateId: string,
): Promise<CustomerSummary> {
  requireId(survivorId);
  return await run(db, claims, async (tx) => {
    const [row] = await tx<CustomerRow[]>`
      select id, name, email::text as email, phone, tags, erased_at
      from app.customer_merge(${survivorId}, ${duplicateId})`;
    return summary(row);
  });
}

/** The customer's personal data as one JSON document (audited). */
export async function exportCustomer(
  db: Db,
  claims: Claims,
  id: string,
): Promise<Record<string, unknown>> {
  requireId(id);
  return await run(db, claims, async (tx) => {
    const [row] = await tx<{ doc: Record<string, unknown> }[]>`
      select app.customer_export(${id}) as doc`;
    return row.doc;
  });
}

/** The export as a JSON download (`customer-{id}.json`), never cached. */
export function exportDownload(
  id: string,
  doc: Record<string, unknown>,
): Response {
  return new Response(JSON.stringify(doc, null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="customer-${id}.json"`,
      "cache-control": "private, no-store",
    },
  });
}

/** Anonymises the customer's personal data (409 while a booking is open). */
export async function eraseCustomer(
  db: Db,
  claims: Claims,
  id: string,
): Promise<CustomerSummary> {
  requireId(id);
  return await run(db, claims, async (tx) => {
    const [row] = await tx<CustomerRow[]>`
      select id, name, email::text as email, phone, tags, erased_at
      from app.customer_erase(${id})`;
    return summary(row);
  });
}
