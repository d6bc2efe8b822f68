/**
 * Turns the conversation's party and menu wishes into a `POST /api/quote` body.
 *
 * Rules (the same a person at the counter would apply):
 * - each adult and child gets `proteinsPerGuest` included servings;
 * - a protein named with a count gets that many servings ("4 lobster tails"),
 *   "for everyone" gets one per guest; counts beyond the included servings
 *   become extra servings;
 * - the remaining servings are shared evenly by the proteins named without a
 *   count (in the order named), else between the first two base proteins on
 *   the menu (chicken and steak in the seed), which cost nothing extra;
 * - an add-on or extra protein without a count is one serving per guest fed.
 *
 * @module
 */

import type { MenuItem, PricingSettings } from "../pricing/types.ts";
import type { ConversationSlots } from "./slots.ts";
import type { BookingPrefill } from "./types.ts";

/** A quote body as the API takes it (validated later by the API's schema). */
export interface QuoteBodyDraft {
  adults: number;
  children: number;
  under6?: number;
  proteins: Record<string, number>;
  extraProteins?: Record<string, number>;
  addons?: Record<string, number>;
  zip: string;
  gratuityPercent?: number;
}

/** True when the party has at least one adult or child. */
export function hasParty(slots: ConversationSlots): boolean {
  return (slots.guests.adults ?? 0) + (slots.guests.children ?? 0) > 0;
}

/** The included-protein servings for the party. */
export function proteinServings(
  slots: ConversationSlots,
  settings: Pick<PricingSettings, "proteinsPerGuest">,
  menu: readonly MenuItem[],
): { proteins: Record<string, number>; overflow: Record<string, number> } {
  const fed = (slots.guests.adults ?? 0) + (slots.guests.children ?? 0);
  const total = fed * settings.proteinsPerGuest;
  const proteins: Record<string, number> = {};
  const overflow: Record<string, number> = {};
  const add = (map: Record<string, number>, code: string, n: number) => {
    if (n > 0) map[code] = (map[code] ?? 0) + n;
  };
  let left = total;
  const uncounted: string[] = [];
  for (const m of slots.proteins) {
    const want = m.count ?? (m.perGuest ? fed : undefined);
    if (want === undefined) {
      if (!uncounted.includes(m.code)) uncounted.push(m.code);
      continue;
    }
    const take = Math.min(want, left);
    add(proteins, m.code, take);
    add(overflow, m.code, want - take);
    left -= take;
  }
  let sharers = uncounted;
  if (sharers.length === 0 && left > 0) {
    sharers = menu.filter((i) =>
      i.active && i.kind === "protein" && i.premiumSurchargeCents === 0
    ).sort((a, b) => a.sortOrder - b.sortOrder).slice(0, 2).map((i) => i.code);
  }
  if (sharers.length > 0 && left > 0) {
    const each = Math.floor(left / sharers.length);
    let rest = left - each * sharers.length;
    for (const code of sharers) {
      add(proteins, code, each + (rest > 0 ? 1 : 0));
      if (rest > 0) rest--;
    }
  }
  return { proteins, overflow };
}

/** The quote body of the conversation, or null when the party or ZIP is missing. */
export function quoteBodyOf(
  slots: ConversationSlots,
  settings: Pick<PricingSettings, "proteinsPerGuest">,
  menu: readonly MenuItem[],
): QuoteBodyDraft | null {
  if (!hasParty(slots) || !slots.zip) return null;
  const fed = (slots.guests.adults ?? 0) + (slots.guests.children ?? 0);
  const { proteins, overflow } = proteinServings(slots, settings, menu);
  const body: QuoteBodyDraft = {
    adults: slots.guests.adults ?? 0,
    children: slots.guests.children ?? 0,
    proteins,
    zip: slots.zip,
  };
  if (slots.guests.under6) body.under6 = slots.guests.under6;
  const extra: Record<string, number> = { ...overflow };
  for (const m of slots.extraProteins) {
    extra[m.code] = (extra[m.code] ?? 0) + (m.count ?? fed);
  }
  if (Object.keys(extra).length > 0) body.extraProteins = extra;
  const addons: Record<string, number> = {};
  for (const m of slots.addons) addons[m.code] = m.count ?? fed;
  if (Object.keys(addons).length > 0) body.addons = addons;
  if (slots.gratuityPercent !== undefined) {
    body.gratuityPercent = slots.gratuityPercent;
  }
  return body;
}

/** What the booking wizard can be prefilled with. */
export function prefillOf(
  slots: ConversationSlots,
  settings: Pick<PricingSettings, "proteinsPerGuest">,
  menu: readonly MenuItem[],
  slot?: { date: string; time?: string },
): BookingPrefill {
  const p: BookingPrefill = {};
  if (slots.guests.adults) p.adults = slots.guests.adults;
  if (slots.guests.children) p.children = slots.guests.children;
  if (slots.guests.under6) p.under6 = slots.guests.under6;
  if (hasParty(slots)) {
    const body = quoteBodyOf(
      { ...slots, zip: slots.zip ?? "00000" },
      settings,
      menu,
    );
    if (body) {
      p.proteins = body.proteins;
      if (body.extraProteins) p.extraProteins = body.extraProteins;
      if (body.addons) p.addons = body.addons;
    }
  }
  if (slots.gratuityPercent !== undefined) {
    p.gratuityPercent = slots.gratuityPercent;
  }
  if (slots.zip) p.zip = slots.zip;
  if (slot) {
    p.date = slot.date;
    if (slot.time) p.time = slot.time;
  }
  return p;
}
