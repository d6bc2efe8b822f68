/**
 * Chef assignment ranking (SPEC §2 Chefs): distance to the event 40 %,
 * party-size fit 20 %, workload that week 15 %, rating 15 %, customer
 * preference 10 %. Each component is 0..1; the breakdown holds its points
 * (weight × component, rounded to cents of a point) and the score their sum
 * (0..100). Same formula as `app.chef_suggestions` (ADR 0007), which the
 * Staff API serves; tests/db/staff_domain_agreement_test.ts checks the two
 * agree. Pure: distances come from lib/geo, facts from the database.
 *
 * @example
 * ```ts
 * const ranked = rankChefs(candidates, { guests: 12 });
 * ranked[0]; // best available chef, with its breakdown
 * ```
 *
 * @module
 */

/** Points of each component at its best (they sum to 100). */
export const CHEF_SCORE_WEIGHTS = {
  distance: 40,
  partyFit: 20,
  workload: 15,
  rating: 15,
  preference: 10,
} as const;

/** Miles at which the distance component reaches 0 (linear from 0 miles). */
export const DISTANCE_SCALE_MILES = 60;
/** Events in the week at which the workload component reaches 0. */
export const WORKLOAD_SCALE_EVENTS = 10;

/** Why a chef cannot take the slot (`app.chef_unavailable_reason`). */
export type UnavailableReason =
  | "inactive"
  | "not_working"
  | "time_off"
  | "busy"
  | "other_location"
  | "unknown_chef";

/** How the customer relates to a chef. */
export type ChefPreference = "preferred" | "previous" | "none";

/** What the ranking knows about one chef for one booking. */
export interface ChefCandidate {
  chefId: string;
  name: string;
  /** Travel miles from the chef's home ZIP to the event ZIP; null = unknown. */
  miles: number | null;
  maxPartySize: number;
  /** The chef's other chef-holding bookings in the event's ISO week. */
  weekEvents: number;
  /** 0..5 */
  rating: number;
  /** preferred: the customer's favourite; previous: cooked for them before. */
  preference: ChefPreference;
  /** Null when the chef can take the slot. */
  unavailableReason: UnavailableReason | null;
}

/** Points per component. */
export interface ScoreBreakdown {
  distance: number;
  partyFit: number;
  workload: number;
  rating: number;
  preference: number;
}

/** One ranked suggestion (SPEC §5 chef-suggestions item). */
export interface ChefSuggestion {
  chefId: string;
  name: string;
  score: number;
  available: boolean;
  unavailableReason: UnavailableReason | null;
  breakdown: ScoreBreakdown;
}

/** Round half away from zero to 2 decimals (as SQL `round(numeric, 2)`). */
export function round2(x: number): number {
  const r = Math.round(Math.abs(x) * 100 + 1e-9) / 100;
  return x < 0 ? -r : r;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** The 0..1 components of one chef for a party of `guests` (all ages). */
export function chefComponents(
  c: ChefCandidate,
  guests: number,
): ScoreBreakdown {
  return {
    distance: c.miles === null
      ? 0
      : clamp01(1 - Math.ceil(c.miles) / DISTANCE_SCALE_MILES),
    partyFit: guests <= c.maxPartySize
      ? 1
      : clamp01(c.maxPartySize / Math.max(guests, 1)),
    workload: clamp01(1 - c.weekEvents / WORKLOAD_SCALE_EVENTS),
    rating: clamp01(c.rating / 5),
    preference: c.preference === "preferred"
      ? 1
      : c.preference === "previous"
      ? 0.5
      : 0,
  };
}

/** Weighted points and their sum for one chef. */
export function scoreChef(
  c: ChefCandidate,
  guests: number,
): { score: number; breakdown: ScoreBreakdown } {
  const k = chefComponents(c, guests);
  const breakdown: ScoreBreakdown = {
    distance: round2(CHEF_SCORE_WEIGHTS.distance * k.distance),
    partyFit: round2(CHEF_SCORE_WEIGHTS.partyFit * k.partyFit),
    workload: round2(CHEF_SCORE_WEIGHTS.workload * k.workload),
    rating: round2(CHEF_SCORE_WEIGHTS.rating * k.rating),
    preference: round2(CHEF_SCORE_WEIGHTS.preference * k.preference),
  };
  const score = round2(
    breakdown.distance + breakdown.partyFit + breakdown.workload +
      breakdown.rating + breakdown.preference,
  );
  return { score, breakdown };
}

/**
 * Suggestions best first: available chefs before unavailable ones, then by
 * score (highest first), then name, then id, so the order is total.
 */
export function rankChefs(
  candidates: readonly ChefCandidate[],
  booking: { guests: number },
): ChefSuggestion[] {
  return candidates
    .map((c) => {
      const { score, breakdown } = scoreChef(c, booking.guests);
      return {
        chefId: c.chefId,
        name: c.name,
        score,
        available: c.unavailableReason === null,
        unavailableReason: c.unavailableReason,
        breakdown,
      };
    })
    .sort((a, b) =>
      Number(b.available) - Number(a.available) || b.score - a.score ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      (a.chefId < b.chefId ? -1 : a.chefId > b.chefId ? 1 : 0)
    );
}

/** The best available chef, or null when nobody can take the slot. */
export function bestAvailableChef(
  candidates: readonly ChefCandidate[],
  booking: { guests: number },
): ChefSuggestion | null {
  return rankChefs(candidates, booking).find((s) => s.available) ?? null;
}
