/**
 * The `/book` link prefilled with what the assistant understood, in the
 * booking wizard's own field names (lib/booking_form/state.ts).
 *
 * @module
 */

import { emptyWizardState, wizardFields } from "../booking_form/state.ts";
import type { BookingPrefill } from "./types.ts";

/** `/book?adults=10&proteins.chicken=20&zip=95123&date=…&time=…` (relative unless `base` is given). */
export function bookingLink(prefill: BookingPrefill, base = "/book"): string {
  const state = emptyWizardState();
  state.adults = prefill.adults ?? 0;
  state.children = prefill.children ?? 0;
  state.under6 = prefill.under6 ?? 0;
  state.proteins = { ...prefill.proteins };
  state.extraProteins = { ...prefill.extraProteins };
  state.addons = { ...prefill.addons };
  state.gratuityPercent = prefill.gratuityPercent ?? 0;
  state.zip = prefill.zip ?? "";
  state.date = prefill.date ?? "";
  state.time = prefill.time ?? "";
  state.notes = prefill.notes ?? "";
  const query = new URLSearchParams(wizardFields(state)).toString();
  return query ? `${base}?${query}` : base;
}
