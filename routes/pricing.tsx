import type { Handlers, PageProps } from "$fresh/server.ts";
import { GRILL_ALT } from "../lib/site/illustrations.ts";
import { partsOf } from "../lib/app/parts.ts";
import { ButtonLink } from "../components/Button.tsx";
import { Container } from "../components/Container.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { SeoHead } from "../components/SeoHead.tsx";
import { formatUsd } from "../lib/site/money.ts";
import {
  adultsToReachMinimum,
  type ExampleQuote,
  exampleQuote,
  formatTaxRate,
  premiumSummary,
  type SiteCatalog,
} from "../lib/pricing/marketing.ts";

/**
 * The catalog last read (reloaded on every settings or menu change's
 * NOTIFY): the page is static, rendered once per catalog version by the
 * page cache (lib/site/static_pages.ts).
 */
export const handler: Handlers<SiteCatalog> = {
  GET(_req, ctx) {
    return ctx.render(partsOf(ctx).catalog.current());
  },
};

/** The example party in words, naming the items it really contains. */
function exampleDescription(example: ExampleQuote): string {
  const { input, premiumLabel, addonLabel } = example;
  const extras = [
    premiumLabel ? `two ${premiumLabel.toLowerCase()} upgrades` : "",
    addonLabel ? `two ${addonLabel.toLowerCase()}` : "",
  ].filter(Boolean);
  return `${input.adults} adults, ${input.children} children and ${input.under6} toddler near Fremont, ${
    [...extras, `a ${input.gratuityPercent}% tip`].join(", ")
  }`;
}

/** How the price of a party is made up, in plain words and numbers. */
export default function PricingPage({ data }: PageProps<SiteCatalog>) {
  const p = data.pricing;
  const example = exampleQuote(p, data.menu);
  const rows: Array<[string, string]> = [
    ["Adult (13 and over)", `${formatUsd(p.adultPriceCents)} per person`],
    ["Child (6 to 12)", `${formatUsd(p.childPriceCents)} per person`],
    ["Under 6", "Free"],
    ["Premium protein", `${premiumSummary(data.menu)} per serving`],
    [
      "Extra protein serving",
      `${formatUsd(p.extraProteinCents)} each (+ premium surcharge)`,
    ],
    ["Food minimum", `${formatUsd(p.minimumFoodCents)} per party`],
    [
      "Travel",
      `Free for the first ${p.freeTravelMiles} miles, then ${
        formatUsd(p.travelFeePerMileCents)
      } per mile (up to ${p.maxTravelMiles} miles)`,
    ],
    [
      "Sales tax",
      `${formatTaxRate(p.salesTaxBps)} on food (not on travel or gratuity)`,
    ],
    ["Deposit", `${formatUsd(p.depositCents)}, credited to your bill`],
    [
      "Gratuity",
      `Optional, 100% to your chef (${p.suggestedGratuityPercent}% is typical)`,
    ],
  ];
  return (
    <>
      <SeoHead
        title="Hibachi catering prices"
        description={`Clear hibachi catering prices: ${
          formatUsd(p.adultPriceCents)
        } per adult, ${formatUsd(p.childPriceCents)} per child, ${
          formatUsd(p.minimumFoodCents)
        } minimum, free travel for ${p.freeTravelMiles} miles and a ${
          formatUsd(p.depositCents)
        } deposit.`}
        path="/pricing"
      />
      <PageHeader
        title="Pricing"
        picture={{ name: "hero-grill", alt: GRILL_ALT }}
      >
        One price per guest, no hidden service charges. Your online quote shows
        every line before you book.
      </PageHeader>
      <Container class="py-12" narrow>
        <table class="w-full border-collapse text-left">
          <caption class="sr-only">Prices and fees</caption>
          <thead>
            <tr class="border-b-2 border-stone-800">
              <th scope="col" class="py-2 pr-4">Item</th>
              <th scope="col" class="py-2">Price</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([item, price]) => (
              <tr key={item} class="border-b border-stone-200">
                <th scope="row" class="py-3 pr-4 font-medium text-stone-900">
                  {item}
                </th>
                <td class="py-3 text-stone-800">{price}</td>
              </tr>
            ))}
          </tbody>
        </table>

        {example && (
          <section
            aria-labelledby="example-heading"
            class="mt-10 rounded-xl bg-stone-100 p-6"
          >
            <h2 id="example-heading" class="text-xl font-bold text-stone-900">
              A worked example
            </h2>
            <p class="mt-2 text-stone-800">
              {exampleDescription(example)}:
            </p>
            <table class="mt-4 w-full border-collapse text-left">
              <caption class="sr-only">Example quote</caption>
              <thead>
                <tr class="border-b-2 border-stone-800">
                  <th scope="col" class="py-2 pr-4">Line</th>
                  <th scope="col" class="py-2 pr-4 text-right">Qty</th>
                  <th scope="col" class="py-2 text-right">Amount</th>
                </tr>
              </thead>
              <tbody>
                {example.quote.lines.map((line) => (
                  <tr key={line.code} class="border-b border-stone-300">
                    <th scope="row" class="py-2 pr-4 font-normal">
                      {line.label}
                    </th>
                    <td class="py-2 pr-4 text-right">{line.quantity}</td>
                    <td class="py-2 text-right">
                      {formatUsd(line.totalCents)}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2} class="py-2 pr-4">Total</th>
                  <td class="py-2 text-right font-bold">
                    {formatUsd(example.quote.totalCents)}
                  </td>
                </tr>
                <tr>
                  <th scope="row" colSpan={2} class="py-2 pr-4 font-normal">
                    Deposit today
                  </th>
                  <td class="py-2 text-right">
                    {formatUsd(example.quote.depositCents)}
                  </td>
                </tr>
                <tr>
                  <th scope="row" colSpan={2} class="py-2 pr-4 font-normal">
                    Balance at the party
                  </th>
                  <td class="py-2 text-right">
                    {formatUsd(example.quote.balanceDueCents)}
                  </td>
                </tr>
              </tfoot>
            </table>
            {example.quote.minimumAdjustmentCents > 0 && (
              <p class="mt-4 text-stone-800">
                The food comes to less than the {formatUsd(p.minimumFoodCents)}
                {" "}
                minimum (about {adultsToReachMinimum(p)}{" "}
                adults), so a minimum order adjustment makes up the difference.
              </p>
            )}
          </section>
        )}

        <div class="mt-8 flex flex-col gap-3 sm:flex-row">
          <ButtonLink href="/quote">Get your exact quote</ButtonLink>
          <ButtonLink href="/legal/cancellation-policy" variant="secondary">
            Cancellation policy
          </ButtonLink>
        </div>
      </Container>
    </>
  );
}
