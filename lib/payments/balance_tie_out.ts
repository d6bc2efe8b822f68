/**
 * Tie-out of the card ledger against the provider's balance transactions
 * (issue 12 item 7): every charge Stripe took and every refund it paid in the
 * period must match the ledger, and every card row of the ledger must be
 * backed by Stripe's balance. Complements the event tie-out of
 * `reconciliation.ts`, which can only see what the webhook delivered.
 *
 * Admins only: Stripe's balance is the whole account, while a manager's RLS
 * view of the ledger holds their locations only, so for a manager every other
 * location's charge would look unmatched.
 *
 * Days are Los Angeles days; a charge taken at 23:59 whose webhook lands
 * after midnight falls on either side of the period's boundary, so a
 * one-off mismatch on the first or last day of a period can be that.
 *
 * @module
 */
import { type Claims, type Db, withClaims } from "../db/mod.ts";
import { addDays, slotStartInstant } from "../booking_window/mod.ts";
import {
  type BalanceTransaction,
  type PaymentsGateway,
  PaymentsUnavailableError,
} from "./mod.ts";
import { RECONCILIATION_ZONE } from "./reconciliation.ts";

/** A card row of the ledger, as the tie-out needs it. */
export interface LedgerCardRow {
  kind: "credit" | "refund";
  amountCents: number;
  /** PaymentIntent for credits; `<charge id>:<cumulative>` for refunds. */
  providerReference: string;
  bookingReference: string;
}

/** One line of the tie-out: a PaymentIntent's charge or a charge's refunds. */
export interface BalanceLine {
  kind: "charge" | "refund";
  /** PaymentIntent (charges) or charge id (refunds). */
  key: string;
  bookingReference: string | null;
  /** What Stripe's balance shows (positive cents). */
  stripeCents: number;
  /** What the ledger shows (positive cents). */
  ledgerCents: number;
  feeCents: number;
  problem: string | null;
}

/** Totals of the period, both sides. */
export interface BalanceTotals {
  stripeChargesCents: number;
  stripeRefundsCents: number;
  stripeFeesCents: number;
  stripeNetCents: number;
  ledgerCreditsCents: number;
  ledgerRefundsCents: number;
}

/** The result shown on `/admin/payments`. */
export type BalanceTieOut =
  | { state: "not_configured" }
  | { state: "admins_only" }
  | { state: "unavailable"; message: string }
  | {
    state: "ok";
    lines: BalanceLine[];
    totals: BalanceTotals;
    mismatches: number;
    truncated: boolean;
  };

function add(map: Map<string, number>, key: string, cents: number): void {
  map.set(key, (map.get(key) ?? 0) + cents);
}

/**
 * Matches balance transactions with ledger rows: charges by PaymentIntent,
 * refunds by charge (sums on both sides, since a charge can be refunded in
 * parts). Pure: the same inputs give the same lines, sorted by key.
 */
export function tieOutBalance(
  balance: BalanceTransaction[],
  ledger: LedgerCardRow[],
): { lines: BalanceLine[]; totals: BalanceTotals } {
  const stripeCharges = new Map<string, number>();
  const fees = new Map<string, number>();
  const stripeRefunds = new Map<string, number>();
  const totals: BalanceTotals = {
    stripeChargesCents: 0,
    stripeRefundsCents: 0,
    stripeFeesCents: 0,
    stripeNetCents: 0,
    ledgerCreditsCents: 0,
    ledgerRefundsCents: 0,
  };
  for (const bt of balance) {
    totals.stripeFeesCents += bt.feeCents;
    totals.stripeNetCents += bt.netCents;
    if (bt.kind === "charge") {
      totals.stripeChargesCents += bt.amountCents;
      const key = bt.paymentIntent ?? bt.chargeId ?? bt.id;
      add(stripeCharges, key, bt.amountCents);
      add(fees, key, bt.feeCents);
    } else if (bt.kind === "refund") {
      totals.stripeRefundsCents += -bt.amountCents;
      add(stripeRefunds, bt.chargeId ?? bt.id, -bt.amountCents);
    }
  }
  const ledgerCredits = new Map<string, number>();
  const ledgerRefunds = new Map<string, number>();
  const referenceOf = new Map<string, string>();
  for (const row of ledger) {
    if (row.kind === "credit") {
      totals.ledgerCreditsCents += row.amountCents;
      add(ledgerCredits, row.providerReference, row.amountCents);
      referenceOf.set(row.providerReference, row.bookingReference);
    } else {
      totals.ledgerRefundsCents += row.amountCents;
      const charge = row.providerReference.split(":")[0];
      add(ledgerRefunds, charge, row.amountCents);
      referenceOf.set(charge, row.bookingReference);
    }
  }
  const lines: BalanceLine[] = [];
  const compare = (
    kind: BalanceLine["kind"],
    stripe: Map<string, number>,
    ours: Map<string, number>,
  ) => {
    for (const key of new Set([...stripe.keys(), ...ours.keys()])) {
      const stripeCents = stripe.get(key) ?? 0;
      const ledgerCents = ours.get(key) ?? 0;
      const what = kind === "charge" ? "charge" : "refund";
      const problem = !stripe.has(key)
        ? `In the ledger but not in Stripe's balance for this period.`
        : !ours.has(key)
        ? `Stripe's balance shows this ${what} but the ledger has no row for it.`
        : stripeCents !== ledgerCents
        ? `The ledger and Stripe's balance differ for this ${what}.`
        : null;
      lines.push({
        kind,
        key,
        bookingReference: referenceOf.get(key) ?? null,
        stripeCents,
        ledgerCents,
        feeCents: kind === "charge" ? fees.get(key) ?? 0 : 0,
        problem,
      });
    }
  };
  compare("charge", stripeCharges, ledgerCredits);
  compare("refund", stripeRefunds, ledgerRefunds);
  lines.sort((a, b) =>
    a.kind === b.kind
      ? a.key.localeCompare(b.key)
      : a.kind === "charge"
      ? -1
      : 1
  );
  return { lines, totals };
}

/** The instants `[from 00:00, to + 1 day 00:00)` of a period of LA days. */
export function periodInstants(
  period: { from: string; to: string },
): { from: Date; to: Date } {
  return {
    from: slotStartInstant(period.from, "00:00", RECONCILIATION_ZONE),
    to: slotStartInstant(addDays(period.to, 1), "00:00", RECONCILIATION_ZONE),
  };
}

/**
 * Loads the ledger's card rows of the period as `claims` (RLS applies) and
 * Stripe's balance transactions through `gateway`, then ties them out.
 * Stripe being down is a notice on the page, never a failed page.
 */
export async function loadBalanceTieOut(
  db: Db,
  claims: Claims,
  role: string,
  gateway: PaymentsGateway | null,
  period: { from: string; to: string },
): Promise<BalanceTieOut> {
  if (!gateway) return { state: "not_configured" };
  if (role !== "admin") return { state: "admins_only" };
  const range = periodInstants(period);
  let listed;
  try {
    listed = await gateway.listBalanceTransactions(range);
  } catch (err) {
    if (err instanceof PaymentsUnavailableError) {
      return {
        state: "unavailable",
        message: "Stripe could not be reached; try again in a minute.",
      };
    }
    throw err;
  }
  const rows = await withClaims(db, claims, (tx) =>
    tx<
      {
        kind: string;
        amount_cents: number;
        provider_reference: string;
        reference: string;
      }[]
    >`
      select p.kind, p.amount_cents, p.provider_reference, b.reference
      from public.payments p join public.bookings b on b.id = p.booking_id
      where p.provider = 'stripe' and p.provider_reference is not null
        and p.created_at >= ${range.from} and p.created_at < ${range.to}`, {
    readOnly: true,
  });
  const { lines, totals } = tieOutBalance(
    listed.lines,
    rows.map((r) => ({
      kind: r.kind === "refund" ? "refund" : "credit",
      amountCents: r.amount_cents,
      providerReference: r.provider_reference,
      bookingReference: r.reference,
    })),
  );
  return {
    state: "ok",
    lines,
    totals,
    mismatches: lines.filter((l) => l.problem).length,
    truncated: listed.truncated,
  };
}
