/**
 * What each illustration shows, said once for every page that uses it
 * (the `alt` of `components/Picture.tsx`).
 *
 * @module
 */

/** The hero: chef, flames, grill. */
export const GRILL_ALT =
  "A smiling hibachi chef flips a shrimp over a flaming teppanyaki grill under string lights.";

/** Guests around the grill. */
export const PARTY_ALT =
  "Friends at a backyard table raise their glasses while a hibachi chef cooks over a flame.";

/** A plate from above. */
export const FOOD_ALT =
  "A hibachi plate from above: fried rice, steak, shrimp and grilled zucchini with two dipping sauces.";

/** The error pages' empty plate. */
export const EMPTY_PLATE_ALT =
  "An empty plate with chopsticks resting beside it.";
