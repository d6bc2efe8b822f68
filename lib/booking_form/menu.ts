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
