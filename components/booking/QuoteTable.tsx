import type { Quote } from "../../lib/pricing/quote.ts";
import { formatUsd } from "../../lib/site/money.ts";

/** Props of {@link QuoteTable}. */
export interface QuoteTableProps {
  quote: Quote;
  /** Caption read by screen readers. */
  caption?: string;
  /**
   * For a booking: money received so far. The footer then shows total,
   * paid and the balance due (total − paid), the one balance the customer
   * owes; without it, the deposit to book and the balance at the party.
   */
  paidCents?: number;
}

function Row(
  { label, cents, strong }: { label: string; cents: number; strong?: boolean },
) {
  return (
    <tr
      class={strong
        ? "border-t-2 border-stone-800"
        : "border-t border-stone-200"}
    >
      <th
        scope="row"
        colSpan={2}
        class={`py-2 pr-4 text-left ${strong ? "font-bold" : "font-normal"}`}
      >
        {label}
      </th>
      <td class={`py-2 text-right ${strong ? "font-bold" : ""}`}>
        {formatUsd(cents)}
      </td>
    </tr>
  );
}

/**
 * Every line of a server quote (food, travel, tax and gratuity are lines
 * already), then total, deposit and balance.
 */
export function QuoteTable(
  { quote, caption = "Your quote", paidCents }: QuoteTableProps,
) {
  return (
    <table class="w-full border-collapse text-left">
      <caption class="sr-only">{caption}</caption>
      <thead>
        <tr class="border-b-2 border-stone-800">
          <th scope="col" class="py-2 pr-4">Item</th>
          <th scope="col" class="py-2 pr-4 text-right">Qty</th>
          <th scope="col" class="py-2 text-right">Amount</th>
        </tr>
      </thead>
      <tbody>
        {quote.lines.map((line) => (
          <tr key={line.code} class="border-b border-stone-200">
            <th scope="row" class="py-2 pr-4 font-normal">
              {line.label}
              {line.quantity > 1 && line.unitCents > 0 && (
                <span class="block text-sm text-stone-700">
                  {formatUsd(line.unitCents)} each
                </span>
              )}
            </th>
            <td class="py-2 pr-4 text-right">{line.quantity}</td>
            <td class="py-2 text-right">{formatUsd(line.totalCents)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <Row label="Total" cents={quote.totalCents} strong />
        {paidCents === undefined
          ? (
            <>
              <Row label="Deposit to book" cents={quote.depositCents} />
              <Row
                label="Balance at the party"
                cents={quote.balanceDueCents}
              />
            </>
          )
          : (
            <>
              <Row label="Paid so far" cents={paidCents} />
              <Row
                label="Balance due"
                cents={Math.max(0, quote.totalCents - paidCents)}
                strong
              />
            </>
          )}
      </tfoot>
    </table>
  );
}
