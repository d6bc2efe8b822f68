/**
 * The field limits of the booking and quote bodies, as plain numbers: the
 * schemas (lib/schemas) enforce them, forms read them for `maxLength`/`max`
 * (components/booking, islands, lib/booking_form), and the database's check
 * constraints are at least as wide (tests/db/field_limits_test.ts checks
 * that). No zod here, so islands can import it without bundling zod.
 *
 * Party size and proteins per guest are admin settings (`pricing_settings`),
 * not constants: see `SchemaRules`; {@link PARTY_SIZE_CEILING} is the most
 * any setting may allow.
 *
 * @module
 */

/** Longest text per booking field (characters, after trimming). */
export const BOOKING_TEXT_LIMITS = Object.freeze({
  /** `customer.name` */
  customerName: 100,
  /** `customer.email` (RFC 5321 path limit) */
  customerEmail: 254,
  /** `customer.phone` as typed (7–15 digits plus separators) */
  customerPhone: 32,
  /** `address.line1` and `address.line2` */
  addressLine: 200,
  /** `address.city` */
  city: 100,
  /** `address.state`: a two-letter code */
  state: 2,
  /** `zip`: five digits */
  zip: 5,
  /** `notes` */
  notes: 1000,
});

/** Largest counts in the quote body besides the party-size rules. */
export const QUOTE_COUNT_LIMITS = Object.freeze({
  /** Servings per extra-protein code. */
  extraProteinServings: 100,
  /** Servings per add-on code. */
  addonServings: 200,
  /** `gratuityPercent` */
  gratuityPercent: 50,
});

/** The largest party (adults + children + under 6) any pricing setting may allow. */
export const PARTY_SIZE_CEILING = 50;

/** Most distinct codes accepted in one `proteins` / `extraProteins` / `addons` map. */
export const MAX_CODES_PER_MAP = 20;

/** A menu code: lowercase letters, digits and underscores (also keeps `__proto__` out). */
export const MENU_CODE_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
