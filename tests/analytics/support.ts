/**
 * Hand-made analytics fixtures: a location of their own ("Testville", not
 * run by the seeded manager) with bookings, payments and funnel counts whose
 * report is computed by hand in tests/analytics/analytics_test.ts.
 *
 * Rows are written with triggers off (`session_replication_role = replica`)
 * so past events and statuses can be set directly, as bench/staff does.
 *
 * @module
 */
import type { Db } from "../../lib/db/mod.ts";
import { tokenHash } from "../db/fixtures.ts";

/** The fixture location's id. */
export const TESTVILLE = "10000000-0000-4000-8000-0000000000aa";

/** A fixture booking. */
export interface FixtureBooking {
  ref: string;
  customer: "a" | "b" | "c";
  status: string;
  eventDate: string;
  /** ISO instant. */
  createdAt: string;
  adults: number;
  children?: number;
  under6?: number;
  totalCents: number;
  proteins?: Record<string, number>;
  extraProteins?: Record<string, number>;
  addons?: Record<string, number>;
  notes?: string;
}

/** Customer ids of the fixture. */
export const CUSTOMERS = {
  a: "52000000-0000-4000-8000-00000000000a",
  b: "52000000-0000-4000-8000-00000000000b",
  c: "52000000-0000-4000-8000-00000000000c",
} as const;

/**
 * The fixture (range 2026-03-01 … 2026-04-30 in America/Los_Angeles).
 * MH-TV0003 was made at 07:30 UTC on March 1st, still February 28th in
 * Los Angeles: not made in the range.
 */
export const FIXTURE: FixtureBooking[] = [
  {
    ref: "MH-TV0001",
    customer: "a",
    status: "completed",
    eventDate: "2026-03-10",
    createdAt: "2026-02-20T20:00:00Z",
    adults: 10,
    children: 2,
    under6: 1,
    totalCents: 100000,
    proteins: { chicken: 12, steak: 12 },
    extraProteins: { steak: 2 },
    addons: { gyoza: 5 },
  },
  {
    ref: "MH-TV0002",
    customer: "a",
    status: "completed",
    eventDate: "2026-04-05",
    createdAt: "2026-03-01T08:30:00Z",
    adults: 8,
    totalCents: 80000,
    proteins: { chicken: 16 },
  },
  {
    ref: "MH-TV0003",
    customer: "b",
    status: "no_show",
    eventDate: "2026-03-20",
    createdAt: "2026-03-01T07:30:00Z",
    adults: 12,
    totalCents: 90000,
    proteins: { steak: 24 },
  },
  {
    ref: "MH-TV0004",
    customer: "b",
    status: "cancelled",
    eventDate: "2026-04-10",
    createdAt: "2026-03-15T18:00:00Z",
    adults: 9,
    totalCents: 70000,
    notes: '=HYPERLINK("http://evil.example","x"), then "quotes"\nand a line',
  },
  {
    ref: "MH-TV0005",
    customer: "c",
    status: "expired",
    eventDate: "2026-04-20",
    createdAt: "2026-04-15T18:00:00Z",
    adults: 10,
    totalCents: 60000,
  },
  {
    ref: "MH-TV0006",
    customer: "c",
    status: "confirmed",
    eventDate: "2026-05-15",
    createdAt: "2026-04-01T18:00:00Z",
    adults: 15,
    totalCents: 120000,
  },
  {
    ref: "MH-TV0007",
    customer: "a",
    status: "completed",
    eventDate: "2026-02-10",
    createdAt: "2026-01-05T18:00:00Z",
    adults: 6,
    totalCents: 50000,
  },
  {
    ref: "MH-TV0008",
    customer: "c",
    status: "completed",
    eventDate: "2026-04-25",
    createdAt: "2026-04-01T19:00:00Z",
    adults: 5,
    totalCents: 60000,
    proteins: { shrimp: 10 },
  },
];

/** Writes the fixture location, customers, bookings, payments and counts. */
export async function seedAnalyticsFixture(db: Db): Promise<void> {
  await db.sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`
      insert into public.locations (id, slug, name, zip, timezone, active, sort_order)
      values (${TESTVILLE}, 'testville', 'Testville', '94536',
        'America/Los_Angeles', false, 9)`;
    await tx`
      insert into public.customers (id, email, name, phone) values
        (${CUSTOMERS.a}, 'ana@example.com', 'Ana Analytics', '+1 510 555 0101'),
        (${CUSTOMERS.b}, 'ben@example.com', '=cmd|'' /C calc''!A0', '+1 510 555 0102'),
        (${CUSTOMERS.c}, 'cy@example.com', 'Cy "Chef" O''Neil, Jr.', '-1 510 555 0103')`;
    for (const b of FIXTURE) {
      await tx`
        insert into public.bookings (
          reference, status, location_id, event_date, slot_time, adults, children,
          under6, proteins, extra_proteins, addons, address_line1, city, state, zip,
          customer_id, quote, total_cents, deposit_cents, manage_token_hash,
          payment_method, notes, created_at)
        values (${b.ref}, ${b.status}, ${TESTVILLE}, ${b.eventDate}, '18:00',
          ${b.adults}, ${b.children ?? 0}, ${b.under6 ?? 0},
          ${tx.json(b.proteins ?? {})}, ${tx.json(b.extraProteins ?? {})},
          ${tx.json(b.addons ?? {})}, '1 Test Way', 'Fremont', 'CA', '94536',
          ${CUSTOMERS[b.customer]}, '{}'::jsonb, ${b.totalCents}, 10000,
          ${await tokenHash(b.ref)}, 'zelle', ${
        b.notes ?? null
      }, ${b.createdAt})`;
    }
    // Deposits: the cancelled booking paid one (it still counts as paid).
    await tx`
      insert into public.payments (booking_id, kind, method, amount_cents, note, created_at)
      select b.id, p.kind, 'zelle', p.amount, p.note, p.at::timestamptz
      from (values
        ('MH-TV0001', 'deposit', 10000, null, '2026-02-21T18:00:00Z'),
        ('MH-TV0001', 'balance', 90000, null, '2026-03-10T20:00:00Z'),
        ('MH-TV0004', 'deposit', 10000, '@SUM(1+1)', '2026-03-16T18:00:00Z'),
        ('MH-TV0004', 'refund', 10000, null, '2026-04-02T06:30:00Z'),
        ('MH-TV0006', 'deposit', 10000, null, '2026-04-01T19:00:00Z')
      ) p(ref, kind, amount, note, at)
      join public.bookings b on b.reference = p.ref`;
    await tx`
      insert into public.funnel_daily (location_id, day, quotes, holds) values
        (${TESTVILLE}, '2026-03-05', 20, 6),
        (${TESTVILLE}, '2026-04-02', 10, 4),
        (${TESTVILLE}, '2026-05-01', 99, 9)`;
  });
}
