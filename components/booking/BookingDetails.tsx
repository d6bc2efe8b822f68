import type {
  CustomerBookingView,
  PaymentInstructions,
} from "../../lib/bookings/mod.ts";
import {
  dateLabel,
  paymentMethodLabel,
  servingsLabel,
  timeLabel,
} from "../../lib/booking_form/format.ts";
import type { BookingStatus } from "../../lib/booking_status/mod.ts";
import { formatUsd } from "../../lib/site/money.ts";
import { QuoteTable } from "./QuoteTable.tsx";

/** Customer-facing words for each booking status. */
export const STATUS_LABELS: Readonly<Record<BookingStatus, string>> = {
  pending_deposit: "Waiting for your deposit",
  confirmed: "Confirmed",
  completed: "Completed",
  cancellation_requested: "Cancellation requested",
  cancelled: "Cancelled",
  expired: "Expired (deposit not received in time)",
  no_show: "No-show",
};

/** How to pay the deposit: handle, exact amount and memo, or the card note. */
export function PaymentBox(
  { payment, reference, cardButton = false }: {
    payment: PaymentInstructions;
    reference: string;
    /** The page offers a "Pay deposit" card button (Stripe configured). */
    cardButton?: boolean;
  },
) {
  return (
    <section
      aria-labelledby="pay-heading"
      class="mt-6 rounded-xl border-2 border-red-700 p-5"
    >
      <h2 id="pay-heading" class="text-xl font-bold text-stone-900">
        Pay your {formatUsd(payment.amountCents)} deposit
      </h2>
      {payment.method === "card" && cardButton
        ? (
          <p class="mt-2 text-stone-800">
            Pay {formatUsd(payment.amountCents)}{" "}
            by card with the button below (Stripe's secure page). Your booking
            reference is <strong>{reference}</strong>.
          </p>
        )
        : payment.method === "card"
        ? (
          <p class="mt-2 text-stone-800">
            Card payment arrives soon: we will email you a secure card payment
            link for {formatUsd(payment.amountCents)}. Your booking reference is
            {" "}
            <strong>{reference}</strong>.
          </p>
        )
        : (
          <dl class="mt-3 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-3">
            <dt class="font-semibold">Send with</dt>
            <dd class="sm:col-span-2">
              {payment.method === "zelle" ? "Zelle" : "Venmo"}
            </dd>
            <dt class="font-semibold">To</dt>
            <dd class="sm:col-span-2" data-payment-handle>
              {payment.handle}
            </dd>
            <dt class="font-semibold">Exact amount</dt>
            <dd class="sm:col-span-2" data-payment-amount>
              {formatUsd(payment.amountCents)}
            </dd>
            <dt class="font-semibold">Memo</dt>
            <dd class="sm:col-span-2 font-mono" data-payment-memo>
              {payment.memo}
            </dd>
          </dl>
        )}
      <p class="mt-3 text-sm text-stone-700">{payment.instructions}</p>
    </section>
  );
}

/**
 * Status, date, time, place, party, menu, notes, payment method and price of
 * one booking. The balance is shown once, in the price table: total − paid.
 */
export function BookingSummary(
  { view, labels = {} }: {
    view: CustomerBookingView;
    /** Menu code → label, in menu order. */
    labels?: Record<string, string>;
  },
) {
  const a = view.address;
  const rows: Array<[string, string]> = [
    ["Date", dateLabel(view.date)],
    ["Start time", timeLabel(view.time)],
    ["Served from", view.location.name],
    [
      "Guests",
      `${view.party.adults} adults, ${view.party.children} children, ${view.party.under6} under 6`,
    ],
    ["Proteins", servingsLabel(view.proteins, labels)],
    ["Extra proteins", servingsLabel(view.extraProteins, labels)],
    ["Add-ons", servingsLabel(view.addons, labels)],
    [
      "Address",
      `${a.line1}${
        a.line2 ? `, ${a.line2}` : ""
      }, ${a.city}, ${a.state} ${a.zip}`,
    ],
    ["Notes for the chef", view.notes || "None"],
    ["Deposit paid by", paymentMethodLabel(view.paymentMethod)],
  ];
  return (
    <section aria-labelledby="details-heading" class="mt-6">
      <h2 id="details-heading" class="text-xl font-bold text-stone-900">
        Booking {view.reference}
      </h2>
      <dl class="mt-3 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-3">
        <dt class="font-semibold">Status</dt>
        <dd class="sm:col-span-2" data-booking-status={view.status}>
          {STATUS_LABELS[view.status] ?? view.status}
        </dd>
        {rows.map(([term, value]) => (
          <>
            <dt key={`t-${term}`} class="font-semibold">{term}</dt>
            <dd key={`d-${term}`} class="sm:col-span-2 break-words">
              {value}
            </dd>
          </>
        ))}
      </dl>
      <div class="mt-4">
        <QuoteTable
          quote={view.quote}
          caption="Booking price"
          paidCents={view.paidCents}
        />
      </div>
    </section>
  );
}
