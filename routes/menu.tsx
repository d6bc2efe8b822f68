import type { Handlers, PageProps } from "$fresh/server.ts";
import { FOOD_ALT } from "../lib/site/illustrations.ts";
import { partsOf } from "../lib/app/parts.ts";
import { ButtonLink } from "../components/Button.tsx";
import { Container } from "../components/Container.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { SeoHead } from "../components/SeoHead.tsx";
import { formatUsd } from "../lib/site/money.ts";
import {
  MENU_DESCRIPTIONS,
  type MenuItem,
  menuItemsOfKind,
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

function MenuList(
  { items, price }: { items: MenuItem[]; price: (item: MenuItem) => string },
) {
  return (
    <ul class="mt-4 divide-y divide-stone-200 rounded-xl border border-stone-200">
      {items.map((item) => (
        <li key={item.code} class="flex items-start justify-between gap-4 p-4">
          <div>
            <h3 class="font-semibold text-stone-900">{item.label}</h3>
            {MENU_DESCRIPTIONS[item.code] && (
              <p class="mt-1 text-stone-700">{MENU_DESCRIPTIONS[item.code]}</p>
            )}
          </div>
          <span class="shrink-0 font-semibold text-stone-900">
            {price(item)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The full menu with every protein and add-on and its price. */
export default function MenuPage({ data }: PageProps<SiteCatalog>) {
  const p = data.pricing;
  const menu = data.menu;
  const proteins = menuItemsOfKind(menu, "protein");
  const base = proteins.filter((item) => item.premiumSurchargeCents === 0);
  const premium = proteins.filter((item) => item.premiumSurchargeCents > 0);
  const addons = menuItemsOfKind(menu, "addon");
  return (
    <>
      <SeoHead
        title="Hibachi menu: proteins, upgrades and add-ons"
        description={`Our hibachi catering menu: fried rice, vegetables, salad and ${p.proteinsPerGuest} proteins per guest, premium upgrades like filet mignon and lobster tail, and add-ons such as gyoza and yakisoba.`}
        path="/menu"
      />
      <PageHeader title="Menu" picture={{ name: "food", alt: FOOD_ALT }}>
        Every adult and child plate comes with hibachi fried rice, grilled
        vegetables, a side salad with ginger dressing, our house sauces and{" "}
        {p.proteinsPerGuest} protein servings.
      </PageHeader>
      <Container class="py-12">
        <div class="grid gap-10 lg:grid-cols-2">
          <section aria-labelledby="base-heading">
            <h2 id="base-heading" class="text-2xl font-bold text-stone-900">
              Included proteins
            </h2>
            <p class="mt-2 text-stone-700">
              Pick any {p.proteinsPerGuest} per guest at no extra cost.
            </p>
            <MenuList items={base} price={() => "Included"} />
          </section>
          <section aria-labelledby="premium-heading">
            <h2 id="premium-heading" class="text-2xl font-bold text-stone-900">
              Premium proteins
            </h2>
            <p class="mt-2 text-stone-700">
              Swap in a premium choice for a surcharge per serving.
            </p>
            <MenuList
              items={premium}
              price={(item) => `+${formatUsd(item.premiumSurchargeCents)}`}
            />
          </section>
          <section aria-labelledby="addon-heading">
            <h2 id="addon-heading" class="text-2xl font-bold text-stone-900">
              Add-ons
            </h2>
            <p class="mt-2 text-stone-700">
              Priced per serving; order as many as you like.
            </p>
            <MenuList
              items={addons}
              price={(item) => formatUsd(item.priceCents)}
            />
          </section>
          <section aria-labelledby="extra-heading">
            <h2 id="extra-heading" class="text-2xl font-bold text-stone-900">
              Extra protein servings
            </h2>
            <p class="mt-2 text-stone-700">
              Big appetites? Each extra protein serving beyond the{" "}
              {p.proteinsPerGuest} per guest costs{" "}
              {formatUsd(p.extraProteinCents)}, plus the premium surcharge for a
              premium protein.
            </p>
            <p class="mt-4 text-stone-700">
              Children under 6 eat free from their family's plates and do not
              get proteins of their own.
            </p>
            <div class="mt-6 flex flex-col gap-3 sm:flex-row">
              <ButtonLink href="/quote">Price your party</ButtonLink>
              <ButtonLink href="/book" variant="secondary">
                Book a chef
              </ButtonLink>
            </div>
          </section>
        </div>
      </Container>
    </>
  );
}
