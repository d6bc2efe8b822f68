/**
 * Staff booking services (SPEC §4, §5 Staff API): list, detail, payments,
 * refunds, actions, internal notes, chef suggestions and assignment. Every
 * query runs under the caller's claims (`withClaims`), so RLS and the
 * definer functions' own checks decide; nothing reads the environment or
 * keeps state. The API routes and the /admin pages both call these.
 *
 * @module
 */
import type {
  BatchRows,
  Claims,
  Db,
  Queryable,
  TransactionSql,
  UnsentStatement,
} from "../db/mod.ts";
import { privileged, readBatch, withClaims } from "../db/mod.ts";
import { travelMiles } from "../geo/mod.ts";
import { openInboxQuery } from "../inbox/service.ts";
import { notStaff } from "./api_auth.ts";
import { fromDbError, invalid, notFound, StaffError } from "./errors.ts";
import {
  loadStaffMember,
  staffMemberOf,
  staffMemberQuery,
  staffRoleQuery,
} from "./member.ts";
import {
  type ActionBody,
  type AssignChefBody,
  type ListQuery,
  listQuerySchema,
  type NoteBody,
  type PaymentBody,
  queryObject,
} from "./schemas.ts";
import type { StaffMember, StaffRole } from "./types.ts";
import type { PaymentsGateway } from "../payments/mod.ts";
import { sendStripeRefunds } from "../payments/refunds.ts";

/** The caller as the services need it. */
export interface StaffActor {
  claims: Claims;
  role: StaffRole;
}

/** One row of the bookings list (SPEC §5). Money is null for chefs. */
export interface BookingListItem {
  reference: string;
  status: string;
  eventDate: string;
  slotTime: string;
  location: { id: string; slug: string; name: string; timezone: string };
  customer: { name: string; email: string; phone: string | null };
  guests: number;
  totalCents: number | null;
  balanceDueCents: number | null;
  chef: { id: string; name: string } | null;
}

/** A page of the list. */
export interface BookingPage {
  items: BookingListItem[];
  nextCursor: string | null;
}

/** One ledger row. */
export interface LedgerEntry {
  id: string;
  kind: "payment" | "refund";
  ledgerKind: string;
  method: string;
  amountCents: number;
  note: string | null;
  at: string;
  by: string | null;
}

/** A history event. */
export interface HistoryEvent {
  type: string;
  at: string;
  actor: string;
  actorName: string | null;
  before: unknown;
  after: unknown;
  note: string | null;
}

/** An internal note. */
export interface InternalNote {
  id: string;
  body: string;
  forChef: boolean;
  at: string;
  by: string | null;
}

/** A refund owed to the customer. */
export interface RefundDue {
  id: string;
  amountCents: number;
  settledCents: number;
  reason: string;
  status: string;
  at: string;
  /**
   * The part refunded through Stripe (ADR 0019), null when none: its amount
   * and the least advanced state of its requests (failed, queued, sending,
   * requested, succeeded).
   */
  card: { amountCents: number; status: string } | null;
}

/** The booking detail (SPEC §5 GET /api/staff/bookings/{ref}). */
export interface BookingDetail extends BookingListItem {
  id: string;
  updatedAt: string;
  createdAt: string;
  adults: number;
  children: number;
  under6: number;
  proteins: Record<string, number>;
  extraProteins: Record<string, number>;
  addons: Record<string, number>;
  address: {
    line1: string;
    line2: string | null;
    city: string;
    state: string;
    zip: string;
    mapUrl: string;
  };
  quote: unknown;
  notes: string | null;
  paymentMethod: string;
  depositCents: number | null;
  paidCents: number | null;
  depositDueAt: string | null;
  refundDueCents: number | null;
  payments: LedgerEntry[];
  events: HistoryEvent[];
  internalNotes: InternalNote[];
  refundsDue: RefundDue[];
}

/** What the money-changing actions answer with. */
export interface BookingState {
  reference: string;
  status: string;
  chefId: string | null;
  totalCents: number;
  depositCents: number;
  paidCents: number;
  balanceDueCents: number;
  refundDueCents: number;
  updatedAt: string;
}

/** Runs `fn` under the caller's claims, mapping database refusals. */
async function run<T>(
  db: Db,
  claims: Claims,
  fn: (tx: TransactionSql) => Promise<T>,
  readOnly = false,
): Promise<T> {
  try {
    return await withClaims(db, claims, fn, { readOnly });
  } catch (err) {
    throw fromDbError(err) ?? err;
  }
}

/**
 * Reads `build`'s statements as the caller in one round trip (ADR 0062)
 * with the list's settings, mapping database refusals.
 */
async function readList<
  const Q extends readonly UnsentStatement[],
>(db: Db, claims: Claims, build: (sql: Queryable) => Q): Promise<BatchRows<Q>> {
  try {
    return await readBatch(db, claims, build, { settings: LIST_SETTINGS });
  } catch (err) {
    throw fromDbError(err) ?? err;
  }
}

function iso(d: Date | string | null): string | null {
  if (d === null) return null;
  return d instanceof Date ? d.toISOString() : new Date(d).toISOString();
}

// ---------------------------------------------------------------- cursor

/** Opaque keyset cursor over (event_date, slot_time, id). */
export function encodeCursor(date: string, slot: string, id: string): string {
  return btoa(JSON.stringify([date, slot, id])).replace(/\+/g, "-")
    .replace(/\//g, "_").replace(/=+$/, "");
}

/** Decodes a cursor, or throws a 422 on `cursor`. */
export function decodeCursor(cursor: string): [string, string, string] {
  try {
    const json = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const v = JSON.parse(json);
    if (
      Array.isArray(v) && v.length === 3 &&
      /^\d{4}-\d{2}-\d{2}$/.test(v[0]) && /^\d{2}:\d{2}$/.test(v[1]) &&
      /^[0-9a-f-]{36}$/i.test(v[2])
    ) return v as [string, string, string];
  } catch {
    // fall through
  }
  throw new StaffError(422, "VALIDATION_FAILED", "The cursor is invalid.", [
    { path: "cursor", message: "invalid cursor" },
  ]);
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The LIKE patterns a staff search matches customers with. */
export interface SearchPatterns {
  /** Name or e-mail contains the text (ILIKE, escaped). */
  text: string;
  /** Phone digits contain these digits, or null when the search is no phone. */
  digits: string | null;
}

/**
 * Builds the customer patterns of a search. Phone digits are matched only
 * when the search looks like a phone number (digits and `()+. -`, at least
 * three digits), the rule app.customer_search uses: the digits inside a
 * reference ("MH-366BPW") or an e-mail ("c-1a2b@…") are not a phone, and
 * matching them found unrelated customers whose phone happened to hold them.
 */
export function searchPatterns(q: string): SearchPatterns {
  const digits = q.replace(/\D/g, "");
  const isPhone = /^[0-9()+. -]+$/.test(q) && digits.length >= 3;
  return {
    text: `%${likeEscape(q)}%`,
    digits: isPhone ? `%${digits}%` : null,
  };
}

// ---------------------------------------------------------------- list

interface ListRow {
  id: string;
  reference: string;
  status: string;
  event_date: string;
  slot_time: string;
  location_id: string;
  location_slug: string;
  location_name: string;
  timezone: string;
  customer_name: string;
  customer_email: string;
  customer_phone: string | null;
  guests: number;
  total_cents: number;
  paid_cents: number;
  chef_id: string | null;
  chef_name: string | null;
}

function listItem(r: ListRow, role: StaffRole): BookingListItem {
  const money = role !== "chef";
  return {
    reference: r.reference,
    status: r.status,
    eventDate: r.event_date,
    slotTime: r.slot_time,
    location: {
      id: r.location_id,
      slug: r.location_slug,
      name: r.location_name,
      timezone: r.timezone,
    },
    customer: {
      name: r.customer_name,
      email: r.customer_email,
      phone: r.customer_phone,
    },
    guests: r.guests,
    totalCents: money ? r.total_cents : null,
    balanceDueCents: money ? r.total_cents - r.paid_cents : null,
    chef: r.chef_id ? { id: r.chef_id, name: r.chef_name ?? "" } : null,
  };
}

/**
 * The list's columns over `source`, a set of bookings aliased `b` (the
 * whole table by default). The list passes its page: 50 ids picked from
 * bookings alone, so customers (each behind its RLS subquery), chefs and
 * the payments sum are read for those rows only.
 */
function listSelect(
  tx: Queryable,
  source: ReturnType<Queryable> = tx`public.bookings`,
) {
  return tx`
    select b.id, b.reference, b.status, b.event_date::text as event_date,
      b.slot_time, b.location_id, l.slug as location_slug,
      l.name as location_name, l.timezone,
      c.name as customer_name, c.email::text as customer_email,
      c.phone as customer_phone,
      (b.adults + b.children + b.under6)::int as guests, b.total_cents,
      coalesce((select sum(case when p.kind = 'refund' then -p.amount_cents
                               else p.amount_cents end)
                from public.payments p where p.booking_id = b.id), 0)::int
        as paid_cents,
      b.chef_id, ch.display_name as chef_name
    from ${source} b
    join public.locations l on l.id = b.location_id
    left join public.customers c on c.id = b.customer_id
    left join public.chefs ch on ch.id = b.chef_id`;
}

/**
 * The page's filters on bookings alone (index-backed: see the migration
 * 20261221100000_staff_list_indexes). A search matches the reference by
 * prefix (a byte-order range: references are `MH-[0-9A-Z]`, all below "~"),
 * or customers by name, e-mail or phone digits (trigram indexes, matched by
 * app.search_customer_ids because LIKE under RLS cannot use an index).
 */
function listFilters(
  tx: Queryable,
  query: ListQuery,
  after: [string, string, string] | null,
) {
  const q = query.q?.trim() || null;
  const patterns = q ? searchPatterns(q) : null;
  const locationIsId = query.location !== undefined &&
    /^[0-9a-f-]{36}$/i.test(query.location);
  return tx`
      where true
      ${
    q && patterns
      ? tx`and ((b.reference collate "C" >= ${q.toUpperCase()}
                and b.reference collate "C" < ${q.toUpperCase() + "~"})
              or b.customer_id = any ((select app.search_customer_ids(
                ${patterns.text}, ${patterns.digits}))::uuid[]))`
      : tx``
  }
      ${query.status ? tx`and b.status = any (${query.status})` : tx``}
      ${query.from ? tx`and b.event_date >= ${query.from}::date` : tx``}
      ${query.to ? tx`and b.event_date <= ${query.to}::date` : tx``}
      ${
    query.location
      ? locationIsId
        ? tx`and b.location_id = ${query.location}::uuid`
        : tx`and b.location_id = (
              select l.id from public.locations l where l.slug = ${query.location})`
      : tx``
  }
      ${
    query.chef === "none"
      ? tx`and b.chef_id is null`
      : query.chef
      ? tx`and b.chef_id = ${query.chef}::uuid`
      : tx``
  }
      ${
    after
      ? tx`and (b.event_date, b.slot_time, b.id) > (${after[0]}::date, ${
        after[1]
      }, ${after[2]}::uuid)`
      : tx``
  }`;
}

/**
 * Settings of the list's transaction (ADR 0043). Under RLS each list query
 * plans ~40 InitPlans, which cost more than running it: each filter
 * combination is a prepared statement whose generic plan is reused (the
 * policies' InitPlans read the caller's claims when it runs, so one plan
 * serves every caller). No JIT: a generic plan's cost estimate can cross
 * `jit_above_cost` while the page takes a millisecond to read.
 */
const LIST_SETTINGS = {
  plan_cache_mode: "force_generic_plan",
  jit: "off",
} as const;

/**
 * The bookings columns {@link listSelect} reads of a page's rows: the arms
 * return these rather than whole rows (quote, address, notes).
 */
const PAGE_COLUMNS = `b.id, b.reference, b.status, b.event_date,
  b.slot_time, b.location_id, b.customer_id, b.chef_id, b.adults, b.children,
  b.under6, b.total_cents`;

/**
 * The page's rows (`limit + 1` to see whether more follow): 51 ids picked
 * from bookings alone, then joined. The limit is a literal (a validated
 * integer), so a generic plan still knows how few rows it reads.
 *
 * Two arms, of which one runs (the other's one-time filter is false): a
 * chef's also says `chef_id` = theirs, which RLS keeps them to anyway, so
 * their page is read from the chef index instead of walking the list order
 * until 51 of the whole table pass their policy (50-110 ms on 100,000).
 */
function pageQuery(
  tx: Queryable,
  query: ListQuery,
  after: [string, string, string] | null,
) {
  const limit = tx.unsafe(String(Math.trunc(query.limit) + 1));
  const arm = (chef: boolean) =>
    tx`(select ${tx.unsafe(PAGE_COLUMNS)} from public.bookings b
            ${listFilters(tx, query, after)}
            ${
      chef
        ? tx`and (select app.staff_role()) = 'chef'
               and b.chef_id = (select app.chef_id())`
        : tx`and (select app.staff_role()) is distinct from 'chef'`
    }
            order by b.event_date, b.slot_time, b.id
            limit ${limit})`;
  return tx<ListRow[]>`
      ${listSelect(tx, tx`(${arm(false)} union all ${arm(true)})`)}
      order by b.event_date, b.slot_time, b.id`;
}

function pageOf(
  rows: readonly ListRow[],
  limit: number,
  role: StaffRole,
): BookingPage {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map((r) => listItem(r, role)),
    nextCursor: more && last
      ? encodeCursor(last.event_date, last.slot_time, last.id)
      : null,
  };
}

/**
 * The list for a caller whose staff membership is not checked yet (the
 * Staff API route, ADR 0043): the caller's role and the page are read in one
 * transaction and one round trip, and a user who is not active staff gets
 * the 403 (also when the query itself is refused). RLS decides the rows.
 */
export async function listBookingsAsStaff(
  db: Db,
  claims: Claims,
  searchParams: URLSearchParams,
): Promise<{ role: StaffRole; page: BookingPage }> {
  let query: ListQuery;
  let after: [string, string, string] | null;
  try {
    const parsed = listQuerySchema.safeParse(queryObject(searchParams));
    if (!parsed.success) throw invalid(parsed.error);
    query = parsed.data;
    after = query.cursor ? decodeCursor(query.cursor) : null;
  } catch (refusal) {
    const staff = await run(db, claims, loadStaffMember, true);
    throw staff ? refusal : notStaff();
  }
  const [[caller], rows] = await readList(db, claims, (sql) => [
    staffRoleQuery(sql),
    pageQuery(sql, query, after),
  ]);
  if (!caller?.role) throw notStaff();
  return { role: caller.role, page: pageOf(rows, query.limit, caller.role) };
}

// ---------------------------------------------------------------- detail

/**
 * Throws 404 for an unknown reference and 403 for one the caller cannot see
 * (a booking of another location). Existence is read with the service role:
 * the caller is verified staff, and only the yes/no leaves this function.
 */
export async function invisible(
  db: Db,
  reference: string,
): Promise<never> {
  const [row] = await privileged(db, (tx) =>
    tx<{ one: number }[]>`
      select 1 as one from public.bookings where reference = ${reference}`);
  if (row) {
    throw new StaffError(
      403,
      "FORBIDDEN",
      `${reference} belongs to a location you do not manage.`,
    );
  }
  throw notFound();
}

interface DetailRow extends ListRow {
  updated_at: Date;
  created_at: Date;
  adults: number;
  children: number;
  under6: number;
  proteins: Record<string, number>;
  extra_proteins: Record<string, number>;
  addons: Record<string, number>;
  address_line1: string;
  address_line2: string | null;
  city: string;
  state: string;
  zip: string;
  quote: unknown;
  notes: string | null;
  payment_method: string;
  deposit_cents: number;
  deposit_due_at: Date | null;
}

/** Google Maps search link of an address. */
export function mapUrl(a: {
  line1: string;
  line2?: string | null;
  city: string;
  state: string;
  zip: string;
}): string {
  const text = [a.line1, a.line2, a.city, `${a.state} ${a.zip}`].filter(
    Boolean,
  ).join(", ");
  return `https://www.google.com/maps/search/?api=1&query=${
    encodeURIComponent(text)
  }`;
}

/**
 * The reference of the booking with id `id` when the caller may see it;
 * null for anything that is not a visible booking's id.
 */
export async function referenceOfId(
  db: Db,
  actor: StaffActor,
  id: string,
): Promise<string | null> {
  if (
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
  ) {
    return null;
  }
  const [row] = await run(db, actor.claims, (tx) =>
    tx<{ reference: string }[]>`
      select reference from public.bookings where id = ${id}::uuid`, true);
  return row?.reference ?? null;
}

/** `GET /api/staff/bookings/{ref}`. */
export async function getBooking(
  db: Db,
  actor: StaffActor,
  reference: string,
): Promise<BookingDetail> {
  const ref = reference.trim().toUpperCase();
  const money = actor.role !== "chef";
  const detail = await run(db, actor.claims, async (tx) => {
    const [r] = await tx<DetailRow[]>`
      select * from (${listSelect(tx)}) x
      join lateral (
        select b.updated_at, b.created_at, b.adults, b.children, b.under6,
          b.proteins, b.extra_proteins, b.addons, b.address_line1,
          b.address_line2, b.city, b.state, b.zip, b.quote, b.notes,
          b.payment_method, b.deposit_cents, b.deposit_due_at
        from public.bookings b where b.id = x.id) d on true
      where x.reference = ${ref}`;
    if (!r) return null;
    const payments = money
      ? await tx<
        {
          id: string;
          kind: string;
          method: string;
          amount_cents: number;
          note: string | null;
          created_at: Date;
          by_name: string | null;
        }[]
      >`
        select p.id, p.kind, p.method, p.amount_cents, p.note, p.created_at,
          s.full_name as by_name
        from public.payments p
        left join public.staff s on s.user_id = p.recorded_by
        where p.booking_id = ${r.id}
        order by p.created_at, p.id`
      : [];
    const events = await tx<
      {
        type: string;
        at: Date;
        actor: string;
        actor_name: string | null;
        before: unknown;
        after: unknown;
        note: string | null;
      }[]
    >`
      select e.type, e.at, e.actor, s.full_name as actor_name, e.before,
        e.after, e.note
      from public.booking_events e
      left join public.staff s on s.user_id = e.actor_id
      where e.booking_id = ${r.id}
      order by e.at, e.id`;
    const notes = await tx<
      {
        id: string;
        body: string;
        for_chef: boolean;
        created_at: Date;
        by_name: string | null;
      }[]
    >`
      select n.id, n.body, n.for_chef, n.created_at, s.full_name as by_name
      from public.booking_notes n
      left join public.staff s on s.user_id = n.author_id
      where n.booking_id = ${r.id}
      order by n.created_at, n.id`;
    const refunds = money
      ? await tx<
        {
          id: string;
          amount_cents: number;
          settled_cents: number;
          reason: string;
          status: string;
          created_at: Date;
          card_cents: number | null;
          card_status: string | null;
        }[]
      >`
        select d.id, d.amount_cents, d.settled_cents, d.reason, d.status, d.created_at,
          s.card_cents, s.card_status
        from public.refunds_due d
        left join lateral (
          select sum(x.amount_cents)::int as card_cents,
            (array_agg(x.status order by array_position(
              array['failed', 'queued', 'sending', 'requested', 'succeeded'], x.status)))[1] as card_status
          from public.stripe_refunds x where x.refund_due_id = d.id
        ) s on true
        where d.booking_id = ${r.id}
        order by d.created_at, d.id`
      : [];
    const item = listItem(r, actor.role);
    const address = {
      line1: r.address_line1,
      line2: r.address_line2,
      city: r.city,
      state: r.state,
      zip: r.zip,
    };
    const out: BookingDetail = {
      ...item,
      id: r.id,
      updatedAt: iso(r.updated_at)!,
      createdAt: iso(r.created_at)!,
      adults: r.adults,
      children: r.children,
      under6: r.under6,
      proteins: r.proteins ?? {},
      extraProteins: r.extra_proteins ?? {},
      addons: r.addons ?? {},
      address: { ...address, mapUrl: mapUrl(address) },
      quote: money ? r.quote : null,
      notes: r.notes,
      paymentMethod: r.payment_method,
      depositCents: money ? r.deposit_cents : null,
      paidCents: money ? r.paid_cents : null,
      depositDueAt: iso(r.deposit_due_at),
      refundDueCents: money
        ? refunds.reduce(
          (s, x) =>
            s + (x.status === "due" ? x.amount_cents - x.settled_cents : 0),
          0,
        )
        : null,
      payments: payments.map((p) => ({
        id: p.id,
        kind: p.kind === "refund" ? "refund" : "payment",
        ledgerKind: p.kind,
        method: p.method,
        amountCents: p.amount_cents,
        note: p.note,
        at: iso(p.created_at)!,
        by: p.by_name,
      })),
      events: events.map((e) => ({
        type: e.type,
        at: iso(e.at)!,
        actor: e.actor,
        actorName: e.actor_name,
        before: e.before,
        after: e.after,
        note: e.note,
      })),
      internalNotes: notes.map((n) => ({
        id: n.id,
        body: n.body,
        forChef: n.for_chef,
        at: iso(n.created_at)!,
        by: n.by_name,
      })),
      refundsDue: refunds.map((x) => ({
        id: x.id,
        amountCents: x.amount_cents,
        settledCents: x.settled_cents,
        reason: x.reason,
        status: x.status,
        at: iso(x.created_at)!,
        card: x.card_cents === null || x.card_status === null
          ? null
          : { amountCents: x.card_cents, status: x.card_status },
      })),
    };
    return out;
  }, true);
  if (!detail) return await invisible(db, ref);
  return detail;
}

// ---------------------------------------------------------------- actions

// deno-lint-ignore no-explicit-any
type Json = Record<string, any>;

/** The booking JSON of the staff SQL functions, camelCased. */
export function bookingState(b: Json): BookingState {
  return {
    reference: b.reference,
    status: b.status,
    chefId: b.chef_id ?? null,
    totalCents: b.total_cents,
    depositCents: b.deposit_cents,
    paidCents: b.paid_cents,
    balanceDueCents: b.balance_due_cents,
    refundDueCents: b.refund_due_cents ?? 0,
    updatedAt: iso(b.updated_at)!,
  };
}

function ledgerEntry(p: Json): LedgerEntry {
  return {
    id: p.id,
    kind: p.kind,
    ledgerKind: p.ledger_kind,
    method: p.method,
    amountCents: p.amount_cents,
    note: p.note ?? null,
    at: iso(p.at)!,
    by: p.by ?? null,
  };
}

/** Result of recording a payment or refund. */
export interface MoneyResult {
  payment: LedgerEntry;
  booking: BookingState;
  replayed: boolean;
}

/** `POST …/payments` and `…/refunds`: one row per Idempotency-Key. */
export async function recordMoney(
  db: Db,
  actor: StaffActor,
  reference: string,
  kind: "payment" | "refund",
  input: PaymentBody,
  idempotencyKey: string | null,
): Promise<MoneyResult> {
  const ref = reference.trim().toUpperCase();
  const out = await run(db, actor.claims, async (tx) => {
    const args = [
      ref,
      input.method,
      input.amountCents,
      input.note ?? null,
      idempotencyKey,
      input.expectedUpdatedAt ?? null,
    ] as const;
    const [row] = kind === "payment"
      ? await tx<{ r: Json }[]>`
          select app.record_payment(${args[0]}, ${args[1]}, ${args[2]}::int,
            ${args[3]}, ${args[4]}, ${args[5]}::timestamptz) as r`
      : await tx<{ r: Json }[]>`
          select app.record_refund(${args[0]}, ${args[1]}, ${args[2]}::int,
            ${args[3]}, ${args[4]}, ${args[5]}::timestamptz) as r`;
    return row.r;
  });
  return {
    payment: ledgerEntry(out.payment),
    booking: bookingState(out.booking),
    replayed: Boolean(out.replayed),
  };
}

/** What became of the Stripe part of a refund an action made due. */
export interface StripeRefundOutcome {
  /** Refunds Stripe accepted now (the ledger row follows with the webhook). */
  requested: number;
  /** Stripe unreachable: the refunds job retries with backoff. */
  retried: number;
  /** Refused by Stripe: the refund due stays open for staff. */
  failed: number;
}

/**
 * `POST …/actions`: the booking after the action, and any refund now due.
 * When the action made a refund due and the booking was paid by card, the
 * database queued the Stripe refund with it (ADR 0019); with a gateway it is
 * sent right after the commit (else, or on failure, by the refunds job).
 */
export async function bookingAction(
  db: Db,
  actor: StaffActor,
  reference: string,
  input: ActionBody,
  now: Date,
  payments: PaymentsGateway | null = null,
): Promise<
  BookingState & {
    refundDue: unknown;
    stripeRefund: StripeRefundOutcome | null;
  }
> {
  const ref = reference.trim().toUpperCase();
  const out = await run(db, actor.claims, async (tx) => {
    const [row] = await tx<{ r: Json }[]>`
      select app.staff_booking_action(${ref}, ${input.action},
        ${input.reason ?? null}, ${
      input.expectedUpdatedAt ?? null
    }::timestamptz,
        ${now}::timestamptz) as r`;
    return row.r;
  });
  const stripeRefund = out.refund_due && payments
    ? await sendStripeRefunds(db, payments, now, {
      bookingId: out.booking.id,
    })
    : null;
  return {
    ...bookingState(out.booking),
    refundDue: out.refund_due ?? null,
    stripeRefund,
  };
}

/** `POST …/notes`. */
export async function addNote(
  db: Db,
  actor: StaffActor,
  reference: string,
  input: NoteBody,
): Promise<InternalNote> {
  const ref = reference.trim().toUpperCase();
  const n = await run(db, actor.claims, async (tx) => {
    const [row] = await tx<
      { id: string; body: string; for_chef: boolean; created_at: Date }[]
    >`
      select id, body, for_chef, created_at
      from app.add_booking_note(${ref}, ${input.body}, ${
      input.forChef ?? false
    })`;
    return row;
  });
  return {
    id: n.id,
    body: n.body,
    forChef: n.for_chef,
    at: iso(n.created_at)!,
    by: null,
  };
}

/** One ranked chef (SPEC §5). */
export interface ChefSuggestionItem {
  chefId: string;
  name: string;
  score: number;
  available: boolean;
  unavailableReason: string | null;
  miles: number | null;
  breakdown: {
    distance: number;
    partyFit: number;
    workload: number;
    rating: number;
    preference: number;
  };
}

/**
 * `GET …/chef-suggestions`: distances from each chef's home ZIP to the
 * event ZIP (lib/geo), ranked by app.chef_suggestions (ADR 0007).
 */
export async function chefSuggestions(
  db: Db,
  actor: StaffActor,
  reference: string,
): Promise<ChefSuggestionItem[]> {
  const ref = reference.trim().toUpperCase();
  const rows = await run(db, actor.claims, async (tx) => {
    const chefs = await tx<
      { id: string; home_zip: string | null; zip: string }[]
    >`
      select c.id, c.home_zip, b.zip
      from public.bookings b
      join public.chefs c on c.location_id = b.location_id
      where b.reference = ${ref}`;
    const distances: Record<string, number> = {};
    for (const c of chefs) {
      if (!c.home_zip) continue;
      const d = travelMiles(c.home_zip, c.zip);
      if (d.ok) distances[c.id] = d.miles;
    }
    return await tx<
      {
        chef_id: string;
        name: string;
        score: string;
        available: boolean;
        unavailable_reason: string | null;
        breakdown: Json;
        miles: number | null;
      }[]
    >`
      select chef_id, name, score::text as score, available, unavailable_reason,
        breakdown, miles
      from app.chef_suggestions(${ref}, ${tx.json(distances)})`;
  });
  return rows.map((r) => ({
    chefId: r.chef_id,
    name: r.name,
    score: Number(r.score),
    available: r.available,
    unavailableReason: r.unavailable_reason,
    miles: r.miles,
    breakdown: {
      distance: Number(r.breakdown.distance ?? 0),
      partyFit: Number(r.breakdown.partyFit ?? r.breakdown.party_fit ?? 0),
      workload: Number(r.breakdown.workload ?? 0),
      rating: Number(r.breakdown.rating ?? 0),
      preference: Number(r.breakdown.preference ?? 0),
    },
  }));
}

/** `PUT …/chef`: 409 CHEF_UNAVAILABLE when busy, off or inactive. */
export async function assignChef(
  db: Db,
  actor: StaffActor,
  reference: string,
  input: AssignChefBody,
): Promise<BookingState> {
  const ref = reference.trim().toUpperCase();
  const out = await run(db, actor.claims, async (tx) => {
    const [row] = await tx<{ r: Json }[]>`
      select app.assign_chef(${ref}, ${input.chefId}::uuid,
        ${input.expectedUpdatedAt ?? null}::timestamptz) as r`;
    return row.r;
  });
  return bookingState(out);
}

/** Locations and chefs the caller can see, for the list's filter form. */
export interface FilterOptions {
  locations: { id: string; slug: string; name: string }[];
  chefs: { id: string; name: string; locationId: string }[];
}

/** The queries of {@link FilterOptions}, not yet awaited. */
function filterOptionQueries(tx: Queryable) {
  return [
    tx<{ id: string; slug: string; name: string }[]>`
      select id, slug, name from public.locations order by sort_order, name`,
    tx<{ id: string; name: string; location_id: string }[]>`
      select id, display_name as name, location_id from public.chefs
      where active order by display_name`,
  ] as const;
}

function filterOptionsOf(
  locations: readonly { id: string; slug: string; name: string }[],
  chefs: readonly { id: string; name: string; location_id: string }[],
): FilterOptions {
  return {
    locations: [...locations],
    chefs: chefs.map((c) => ({
      id: c.id,
      name: c.name,
      locationId: c.location_id,
    })),
  };
}

/** What `/admin/bookings` shows, read by {@link bookingsScreen}. */
export interface BookingsScreen {
  staff: StaffMember;
  options: FilterOptions;
  /** The page, or null when none was asked for (a refused query). */
  page: BookingPage | null;
  /** Open inbox messages for the navigation badge; null for chefs. */
  openInbox: number | null;
}

/**
 * `/admin/bookings` in one transaction and one round trip (ADR 0052): the
 * staff row, the filter options, the page (when `query` is not null) and
 * the inbox count, sent together under the caller's claims, as the Staff
 * API's list does (ADR 0043). Null when the user is not active staff. A
 * refused page (a bad cursor, or refused by the database) is thrown as a
 * {@link BookingsScreenRefusal} holding the rest, read again on its own, so
 * the form can still be shown with the error.
 */
export async function bookingsScreen(
  db: Db,
  claims: Claims,
  query: ListQuery | null,
): Promise<BookingsScreen | null> {
  try {
    const after = query?.cursor ? decodeCursor(query.cursor) : null;
    const [staffRows, locations, chefs, [{ open }], rows] = await readList(
      db,
      claims,
      (sql) => [
        staffMemberQuery(sql),
        ...filterOptionQueries(sql),
        openInboxQuery(sql),
        ...(query ? [pageQuery(sql, query, after)] as const : [] as const),
      ],
    );
    const staff = staffMemberOf(staffRows);
    if (!staff) return null;
    return {
      staff,
      options: filterOptionsOf(locations, chefs),
      page: query && rows ? pageOf(rows, query.limit, staff.role) : null,
      openInbox: staff.role === "chef" ? null : open,
    };
  } catch (err) {
    if (!query) throw err;
    const refusal = err instanceof StaffError ? err : fromDbError(err);
    if (!refusal) throw err;
    const rest = await bookingsScreen(db, claims, null);
    if (rest) throw new BookingsScreenRefusal(rest, refusal);
    return null;
  }
}

/** A page the database refused, with the rest of the screen to show it on. */
export class BookingsScreenRefusal extends Error {
  /**
   * @param screen the screen without its page.
   * @param refusal why the page was refused.
   */
  constructor(
    readonly screen: BookingsScreen,
    readonly refusal: StaffError,
  ) {
    super(refusal.message);
  }
}
