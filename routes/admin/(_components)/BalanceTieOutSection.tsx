import type { BalanceTieOut } from "../../../lib/payments/balance_tie_out.ts";
import { usd } from "./money.ts";

const cell = "py-2 pr-4";

/** `/admin/payments`: the card ledger tied out against Stripe's balance. */
export function BalanceTieOutSection({ tieOut }: { tieOut: BalanceTieOut }) {
  return (
    <section aria-labelledby="balance-heading" data-balance={tieOut.state}>
      <h2 id="balance-heading" class="mt-6 text-lg font-semibold">
        Stripe balance vs ledger
      </h2>
      {tieOut.state === "not_configured" && (
        <p class="mt-2 text-sm text-stone-600">
          Card payments are not configured, so there is no Stripe balance to
          compare.
        </p>
      )}
      {tieOut.state === "admins_only" && (
        <p class="mt-2 text-sm text-stone-600">
          Stripe's balance covers every location; an admin sees this tie-out.
        </p>
      )}
      {tieOut.state === "unavailable" && (
        <p role="status" class="mt-2 rounded-md bg-amber-50 p-3 text-sm">
          {tieOut.message}
        </p>
      )}
      {tieOut.state === "ok" && (
        <>
          <p
            class="mt-2 text-sm text-stone-700"
            data-balance-mismatches={tieOut.mismatches}
          >
            Stripe took {usd(tieOut.totals.stripeChargesCents)} and refunded
            {" "}
            {usd(tieOut.totals.stripeRefundsCents)}; fees{" "}
            {usd(tieOut.totals.stripeFeesCents)}, net{" "}
            {usd(tieOut.totals.stripeNetCents)}. The ledger has{" "}
            {usd(tieOut.totals.ledgerCreditsCents)} in card payments and{" "}
            {usd(tieOut.totals.ledgerRefundsCents)} in card refunds.{" "}
            {tieOut.mismatches === 0
              ? "They tie out."
              : `${tieOut.mismatches} line${
                tieOut.mismatches === 1 ? "" : "s"
              } do not tie out.`}
            {tieOut.truncated &&
              " Stripe listed more transactions than one page shows: pick a shorter period."}
          </p>
          <table class="mt-2 min-w-full text-left text-sm" id="balance">
            <thead class="border-b border-stone-200 text-stone-600">
              <tr>
                <th scope="col" class={cell}>Kind</th>
                <th scope="col" class={cell}>Stripe id</th>
                <th scope="col" class={cell}>Booking</th>
                <th scope="col" class={`${cell} text-right`}>Stripe</th>
                <th scope="col" class={`${cell} text-right`}>Fee</th>
                <th scope="col" class={`${cell} text-right`}>Ledger</th>
                <th scope="col" class={cell}>Check</th>
              </tr>
            </thead>
            <tbody>
              {tieOut.lines.map((l) => (
                <tr
                  class={`border-b border-stone-100 ${
                    l.problem ? "bg-red-50" : ""
                  }`}
                  data-balance-key={l.key}
                  data-problem={l.problem ? "yes" : "no"}
                >
                  <td class={cell}>{l.kind}</td>
                  <td class={`${cell} font-mono text-xs`}>{l.key}</td>
                  <td class={cell}>
                    {l.bookingReference
                      ? (
                        <a
                          class="font-mono text-red-800 underline"
                          href={`/admin/bookings/${l.bookingReference}`}
                        >
                          {l.bookingReference}
                        </a>
                      )
                      : "—"}
                  </td>
                  <td class={`${cell} text-right`}>{usd(l.stripeCents)}</td>
                  <td class={`${cell} text-right`}>
                    {l.kind === "charge" ? usd(l.feeCents) : "—"}
                  </td>
                  <td class={`${cell} text-right`}>{usd(l.ledgerCents)}</td>
                  <td class={cell}>
                    {l.problem
                      ? <strong class="text-red-900">{l.problem}</strong>
                      : "ok"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
