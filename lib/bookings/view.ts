/**
 * The customer's view of one booking (manage link), shaped from
 * `app.booking_view_by_token` into camelCase, with the policy numbers the
 * manage page shows.
 *
 * @module
 */
import { type BookingStatus, isCustomerOpen } from "../booking_status/mod.ts";
import {
  cancellationOutcome,
  rescheduleFeeCents,
  slotStartInstant,
} from "../booking_window/mod.ts";
import type { PricingSettings, Quote } from "../pricing/mod.ts";
import type { PaymentMethod } from "../schemas/mod.ts";
import { type PaymentInstructions, paymentInstructions } from "./payment.ts";

/** One payments-ledger row as the customer sees it. */
export interface CustomerPayment {
  kind: "deposit" | "balance" | "refund";
  method: string;
  amountCents: number;
  createdAt: string;
}

/** One history event as the customer sees it (no before/after data). */
export interface CustomerHistoryEvent {
  type: string;
  actor: string;
  at: string;
}

/** What the customer may still do, at the time of the view. */
export interface CustomerPolicy {
  /** Status allows a cancellation request. */
  canRequestCancellation: boolean;
  /** A cancellation requested now would refund the deposit (≥ 96 h ahead). */
  cancellationRefundsDeposit: boolean;
  /** Last instant a cancellation still refunds the deposit. */
  refundDeadline: string;
  /** Status allows a reschedule. */
  canReschedule: boolean;
  /** Fee a reschedule requested now would add (0 for the first, ≥ 24 h ahead). */
  rescheduleFeeCents: number;
}

/** `GET /api/bookings/{reference}?token=…` answer. */
export interface CustomerBookingView {
  id: string;
  reference: string;
  status: BookingStatus;
  location: { slug: string; name: string; timezone: string };
  date: string;
  time: string;
  /** ISO instant the event starts. */
  startsAt: string;
  party: { adults: number; children: number; under6: number };
  proteins: Record<string, number>;
  extraProteins: Record<string, number>;
  addons: Record<string, number>;
  address: {
    line1: string;
    line2: string | null;
    city: string;
    state: string;
    zip: string;
  };
  customer: { name: string; email: string; phone: string | null };
  notes: string | null;
  paymentMethod: PaymentMethod;
  quote: Quote;
  totalCents: number;
  depositCents: number;
  paidCents: number;
  balanceDueCents: number;
  depositDueAt: string | null;
  rescheduleCount: number;
  createdAt: string;
  payments: CustomerPayment[];
  history: CustomerHistoryEvent[];
  /** Deposit instructions while the deposit is awaited, else null. */
  payment: PaymentInstructions | null;
  policy: CustomerPolicy;
}

/** The jsonb of `app.booking_view_by_token` (snake_case, as stored). */
export interface BookingViewRow {
  booking: {
    id: string;
    reference: string;
    status: BookingStatus;
    event_date: string;
    slot_time: string;
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
    quote: Quote;
    total_cents: number;
    deposit_cents: number;
    deposit_due_at: string | null;
    payment_method: PaymentMethod;
    notes: string | null;
    reschedule_count: number;
    created_at: string;
  };
  location: { slug: string; name: string; timezone: string };
  customer: { name: string; email: string; phone: string | null };
  payments: {
    kind: CustomerPayment["kind"];
    method: string;
    amount_cents: number;
    created_at: string;
  }[];
  paid_cents: number;
  events: CustomerHistoryEvent[];
}

const iso = (s: string | null) => s === null ? null : new Date(s).toISOString();

/** Shapes a view row for the customer at `now` with the current `settings`. */
export function toCustomerView(
  row: BookingViewRow,
  settings: PricingSettings,
  now: Date,
): CustomerBookingView {
  const b = row.booking;
  const start = slotStartInstant(
    b.event_date,
    b.slot_time,
    row.location.timezone,
  );
  const active = isCustomerOpen(b.status);
  const cancel = cancellationOutcome(start, now, settings);
  const paid = Number(row.paid_cents);
  return {
    id: b.id,
    reference: b.reference,
    status: b.status,
    location: {
      slug: row.location.slug,
      name: row.location.name,
      timezone: row.location.timezone,
    },
    date: b.event_date,
    time: b.slot_time,
    startsAt: start.toISOString(),
    party: { adults: b.adults, children: b.children, under6: b.under6 },
    proteins: b.proteins,
    extraProteins: b.extra_proteins,
    addons: b.addons,
    address: {
      line1: b.address_line1,
      line2: b.address_line2,
      city: b.city,
      state: b.state,
      zip: b.zip,
    },
    customer: row.customer,
    notes: b.notes,
    paymentMethod: b.payment_method,
    quote: b.quote,
    totalCents: b.total_cents,
    depositCents: b.deposit_cents,
    paidCents: paid,
    balanceDueCents: Math.max(0, b.total_cents - paid),
    depositDueAt: iso(b.deposit_due_at),
    rescheduleCount: b.reschedule_count,
    createdAt: new Date(b.created_at).toISOString(),
    payments: row.payments.map((p) => ({
      kind: p.kind,
      method: p.method,
      amountCents: p.amount_cents,
      createdAt: new Date(p.created_at).toISOString(),
    })),
    history: row.events.map((e) => ({
      type: e.type,
      actor: e.actor,
      at: new Date(e.at).toISOString(),
    })),
    payment: b.status === "pending_deposit"
      ? paymentInstructions(
        b.payment_method,
        settings,
        b.reference,
        b.deposit_cents,
      )
      : null,
    policy: {
      canRequestCancellation: active && now < start,
      cancellationRefundsDeposit: cancel.refundDeposit,
      refundDeadline: cancel.refundDeadline.toISOString(),
      canReschedule: active && now < start,
      rescheduleFeeCents: rescheduleFeeCents(
        start,
        now,
        b.reschedule_count,
        settings,
      ),
    },
  };
}
