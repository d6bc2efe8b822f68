/**
 * The menu and limits the booking forms show, derived from the catalog.
 *
 * @module
 */
import type { Catalog } from "../bookings/catalog.ts";

/** One menu choice as the forms need it (plain JSON, so islands can take it as a prop). */
export interface MenuChoice {
  code: string;
  label: string;
  /** Premium surcharge per serving (proteins) or price per serving (add-ons). */
  cents: number;
}

/** The menu and limits the party fields show. */
export interface PartyMenu {
  proteins: MenuChoice[];
  addons: MenuChoice[];
  proteinsPerGuest: number;
  extraProteinCents: number;
  maxPartySize: number;
  suggestedGratuityPercent: number;
}

/** The party-form view of the current catalog (active items, menu order). */
export function partyMenuOf(catalog: Catalog): PartyMenu {
  const items = [...catalog.menu].filter((m) => m.active).sort((a, b) =>
    a.sortOrder - b.sortOrder || a.code.localeCompare(b.code)
  );
  return {
    proteins: items.filter((m) => m.kind === "protein").map((m) => ({
      code: m.code,
      label: m.label,
      cents: m.premiumSurchargeCents,
    })),
    addons: items.filter((m) => m.kind === "addon").map((m) => ({
      code: m.code,
      label: m.label,
      cents: m.priceCents,
    })),
    proteinsPerGuest: catalog.settings.proteinsPerGuest,
    extraProteinCents: catalog.settings.extraProteinCents,
    maxPartySize: catalog.settings.maxPartySize,
    suggestedGratuityPercent: catalog.settings.suggestedGratuityPercent,
  };
}

/** The limits validation messages mention, from the catalog. */
export function messageLimits(
  catalog: Catalog,
): { maxPartySize: number; proteinsPerGuest: number } {
  return {
    maxPartySize: catalog.settings.maxPartySize,
    proteinsPerGuest: catalog.settings.proteinsPerGuest,
  };
}

/**
 * The default protein choice for a party: every adult and child gets one
 * serving each of the first `proteinsPerGuest` proteins without a
 * surcharge (menu order), e.g. 12 guests → chicken 12, steak 12.
 */
export function defaultProteins(
  adults: number,
  children: number,
  menu: Pick<PartyMenu, "proteins" | "proteinsPerGuest">,
): Record<string, number> {
  const fed = adults + children;
  if (!Number.isSafeInteger(fed) || fed < 1) return {};
  const standard = menu.proteins.filter((p) => p.cents === 0);
  const picks = (standard.length ? standard : menu.proteins).slice(
    0,
    menu.proteinsPerGuest,
  );
  if (picks.length === 0) return {};
  const total = fed * menu.proteinsPerGuest;
  const out: Record<string, number> = {};
  picks.forEach((p, i) => {
    // Spread evenly; earlier picks take the remainder.
    const n = Math.floor(total / picks.length) +
      (i < total % picks.length ? 1 : 0);
    if (n > 0) out[p.code] = n;
  });
  return out;
}

/** Menu code → label of every active item, in menu order. */
export function menuLabels(
  menu: Pick<PartyMenu, "proteins" | "addons">,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of [...menu.proteins, ...menu.addons]) {
    out[item.code] = item.label;
  }
  return out;
}
