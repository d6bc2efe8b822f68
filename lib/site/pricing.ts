/**
 * Prices and menu as the marketing pages show them. The numbers are the
 * business rules' own (`lib/pricing` DEFAULT_PRICING / DEFAULT_MENU, equal to
 * the database seed); this module only adds display copy and helpers.
 * TODO(lead): read the live `pricing_settings` / `menu_items` rows through
 * lib/db once it lands, so admin edits show on the marketing pages too.
 */
import {
  DEFAULT_MENU,
  DEFAULT_PRICING,
  type MenuItem,
  type MenuItemKind,
  type PricingSettings,
} from "../pricing/types.ts";
import { computeQuote, type Quote, type QuoteInput } from "../pricing/quote.ts";
import { formatUsd } from "./money.ts";

export type { MenuItem, PricingSettings, Quote, QuoteInput };

/** Pricing settings the site displays. */
export function sitePricing(): Readonly<PricingSettings> {
  return DEFAULT_PRICING;
}

/** Active menu items in display order. */
export function siteMenu(): MenuItem[] {
  return DEFAULT_MENU.filter((item) => item.active)
    .sort((a, b) => a.sortOrder - b.sortOrder);
}

/** Menu copy per item code; an item without copy simply shows no description. */
export const MENU_DESCRIPTIONS: Readonly<Record<string, string>> = {
  chicken: "Garlic-butter thigh meat, seared with teriyaki glaze.",
  steak: "NY strip cooked to each guest's temperature at the grill.",
  shrimp: "Jumbo shrimp with lemon and garlic butter, plus a flip or two.",
  calamari: "Tender squid steak strips with a splash of sake.",
  tofu: "Crisp firm tofu; vegan on request, cooked on a cleaned zone.",
  salmon: "Atlantic salmon fillet with yuzu butter.",
  scallops: "Sea scallops, hard-seared and buttery.",
  filet_mignon: "Center-cut beef tenderloin.",
  lobster_tail: "Whole cold-water lobster tail, split and grilled.",
  yakisoba: "Stir-fried noodles with cabbage and our house sauce.",
  extra_fried_rice: "Another scoop of hibachi egg fried rice.",
  extra_vegetables: "Zucchini, onion, mushroom and broccoli.",
  edamame: "Steamed and sea-salted, a starter while the grill heats.",
  gyoza: "Pan-fried pork and vegetable dumplings.",
};

/** Items of one kind, in display order. */
export function menuItemsOfKind(
  menu: readonly MenuItem[],
  kind: MenuItemKind,
): MenuItem[] {
  return menu.filter((item) => item.kind === kind);
}

/**
 * Smallest all-adult party that reaches the food minimum (55000 / 5500 = 10),
 * shown so customers understand the minimum order.
 */
export function adultsToReachMinimum(p: Readonly<PricingSettings>): number {
  return Math.ceil(p.minimumFoodCents / p.adultPriceCents);
}

/** Sales tax as a display percentage: 825 bps → "8.25%", 800 → "8%". */
export function formatTaxRate(bps: number): string {
  const text = (bps / 100).toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
  return `${text}%`;
}

/**
 * Travel fee for a distance under the settings: free up to `freeTravelMiles`,
 * then per mile; `null` when the distance is outside the service area.
 */
export function travelFeeCents(
  miles: number,
  p: Readonly<PricingSettings>,
): number | null {
  if (miles > p.maxTravelMiles) return null;
  return Math.max(0, miles - p.freeTravelMiles) * p.travelFeePerMileCents;
}

/**
 * The worked example on /pricing: a party priced by the real quote function
 * so the marketing page can never disagree with checkout.
 */
export function exampleQuote(p: Readonly<PricingSettings> = sitePricing()): {
  input: QuoteInput;
  quote: Quote;
} {
  const adults = 8;
  const children = 2;
  const servings = (adults + children) * p.proteinsPerGuest;
  const input: QuoteInput = {
    adults,
    children,
    under6: 1,
    proteins: {
      chicken: servings / 2,
      steak: servings / 2 - 2,
      filet_mignon: 2,
    },
    addons: { gyoza: 2 },
    zip: "94539",
    gratuityPercent: p.suggestedGratuityPercent,
  };
  return { input, quote: computeQuote(input, p, siteMenu(), { miles: 0 }) };
}

/** Premium proteins as "Salmon +$5" strings, in menu order. */
export function premiumSummary(menu: readonly MenuItem[]): string {
  return menu.filter((item) =>
    item.kind === "protein" && item.premiumSurchargeCents > 0
  )
    .map((item) => `${item.label} +${formatUsd(item.premiumSurchargeCents)}`)
    .join(", ");
}
