/**
 * Pricing settings and menu items as the business rules see them.
 *
 * The database stores them in snake_case (`pricing_settings`, `menu_items`);
 * these camelCase types mirror those columns one to one, and the `*FromRow`
 * converters are the only place the two spellings meet.
 *
 * @module
 */

/** The single `pricing_settings` row, camelCased. Money is integer US cents. */
export interface PricingSettings {
  adultPriceCents: number;
  childPriceCents: number;
  extraProteinCents: number;
  proteinsPerGuest: number;
  minimumFoodCents: number;
  freeTravelMiles: number;
  travelFeePerMileCents: number;
  maxTravelMiles: number;
  /** Sales tax in basis points: 825 = 8.25 %. */
  salesTaxBps: number;
  depositCents: number;
  maxPartySize: number;
  holdMinutes: number;
  minLeadHours: number;
  maxLeadDays: number;
  depositDueHours: number;
  freeCancellationHours: number;
  freeRescheduleHours: number;
  rescheduleFeeCents: number;
  guestCountFinalHours: number;
  menuFinalHours: number;
  suggestedGratuityPercent: number;
  /** Slot start times, "HH:MM" in the location's time zone. */
  slotTimes: string[];
  zelleHandle: string;
  venmoHandle: string;
  /** How far above the balance due a recorded payment may go. */
  paymentMarginCents: number;
  /** Highest gratuity percentage a quote accepts. */
  maxGratuityPercent: number;
  /** Abuse limit: unexpired holds one client may keep. */
  maxHoldsPerClient: number;
  /** Abuse limit: unpaid bookings per email, phone and client in 24 h. */
  maxUnpaidBookings: number;
  /** Largest date surcharge an insights suggestion may propose, % (ADR 0042). */
  maxSurchargePercent: number;
  /** Largest date promotion an insights suggestion may propose, % (ADR 0042). */
  maxPromotionPercent: number;
}

/** The `pricing_settings` row as it comes from SQL (numbers may arrive as strings for bigint/numeric). */
export interface PricingSettingsRow {
  adult_price_cents: number | string;
  child_price_cents: number | string;
  extra_protein_cents: number | string;
  proteins_per_guest: number | string;
  minimum_food_cents: number | string;
  free_travel_miles: number | string;
  travel_fee_per_mile_cents: number | string;
  max_travel_miles: number | string;
  sales_tax_bps: number | string;
  deposit_cents: number | string;
  max_party_size: number | string;
  hold_minutes: number | string;
  min_lead_hours: number | string;
  max_lead_days: number | string;
  deposit_due_hours: number | string;
  free_cancellation_hours: number | string;
  free_reschedule_hours: number | string;
  reschedule_fee_cents: number | string;
  guest_count_final_hours: number | string;
  menu_final_hours: number | string;
  suggested_gratuity_percent: number | string;
  slot_times: string[];
  zelle_handle: string | null;
  venmo_handle: string | null;
  payment_margin_cents?: number | string;
  max_gratuity_percent?: number | string;
  max_holds_per_client?: number | string;
  max_unpaid_bookings?: number | string;
  max_surcharge_percent?: number | string;
  max_promotion_percent?: number | string;
}

/** Whether a menu item is a protein choice or a per-serving add-on. */
export type MenuItemKind = "protein" | "addon";

/** One `menu_items` row, camelCased. */
export interface MenuItem {
  code: string;
  kind: MenuItemKind;
  label: string;
  /** Per-serving surcharge of a premium protein; 0 for base proteins and add-ons. */
  premiumSurchargeCents: number;
  /** Per-serving price of an add-on; 0 for proteins. */
  priceCents: number;
  active: boolean;
  sortOrder: number;
}

/** The `menu_items` row as it comes from SQL. */
export interface MenuItemRow {
  code: string;
  kind: string;
  label: string;
  premium_surcharge_cents: number | string | null;
  price_cents: number | string | null;
  active: boolean;
  sort_order: number | string;
}

/** Reads a SQL integer that postgres.js may hand over as a string (bigint), refusing anything non-integral. */
function toInt(
  value: number | string | null | undefined,
  column: string,
): number {
  const n = typeof value === "string" ? Number(value) : value ?? 0;
  if (!Number.isSafeInteger(n)) {
    throw new TypeError(
      `pricing column ${column} is not an integer: ${String(value)}`,
    );
  }
  return n;
}

/** Converts the snake_case `pricing_settings` row into {@link PricingSettings}. Throws on non-integer money. */
export function pricingSettingsFromRow(
  row: PricingSettingsRow,
): PricingSettings {
  return {
    adultPriceCents: toInt(row.adult_price_cents, "adult_price_cents"),
    childPriceCents: toInt(row.child_price_cents, "child_price_cents"),
    extraProteinCents: toInt(row.extra_protein_cents, "extra_protein_cents"),
    proteinsPerGuest: toInt(row.proteins_per_guest, "proteins_per_guest"),
    minimumFoodCents: toInt(row.minimum_food_cents, "minimum_food_cents"),
    freeTravelMiles: toInt(row.free_travel_miles, "free_travel_miles"),
    travelFeePerMileCents: toInt(
      row.travel_fee_per_mile_cents,
      "travel_fee_per_mile_cents",
    ),
    maxTravelMiles: toInt(row.max_travel_miles, "max_travel_miles"),
    salesTaxBps: toInt(row.sales_tax_bps, "sales_tax_bps"),
    depositCents: toInt(row.deposit_cents, "deposit_cents"),
    maxPartySize: toInt(row.max_party_size, "max_party_size"),
    holdMinutes: toInt(row.hold_minutes, "hold_minutes"),
    minLeadHours: toInt(row.min_lead_hours, "min_lead_hours"),
    maxLeadDays: toInt(row.max_lead_days, "max_lead_days"),
    depositDueHours: toInt(row.deposit_due_hours, "deposit_due_hours"),
    freeCancellationHours: toInt(
      row.free_cancellation_hours,
      "free_cancellation_hours",
    ),
    freeRescheduleHours: toInt(
      row.free_reschedule_hours,
      "free_reschedule_hours",
    ),
    rescheduleFeeCents: toInt(row.reschedule_fee_cents, "reschedule_fee_cents"),
    guestCountFinalHours: toInt(
      row.guest_count_final_hours,
      "guest_count_final_hours",
    ),
    menuFinalHours: toInt(row.menu_final_hours, "menu_final_hours"),
    suggestedGratuityPercent: toInt(
      row.suggested_gratuity_percent,
      "suggested_gratuity_percent",
    ),
    // Postgres `time` columns may render as "12:00:00"; the rules speak "HH:MM".
    slotTimes: [...row.slot_times].map((t) => t.slice(0, 5)),
    zelleHandle: row.zelle_handle ?? "",
    venmoHandle: row.venmo_handle ?? "",
    paymentMarginCents: toInt(
      row.payment_margin_cents ?? DEFAULT_PRICING.paymentMarginCents,
      "payment_margin_cents",
    ),
    maxGratuityPercent: toInt(
      row.max_gratuity_percent ?? DEFAULT_PRICING.maxGratuityPercent,
      "max_gratuity_percent",
    ),
    maxHoldsPerClient: toInt(
      row.max_holds_per_client ?? DEFAULT_PRICING.maxHoldsPerClient,
      "max_holds_per_client",
    ),
    maxUnpaidBookings: toInt(
      row.max_unpaid_bookings ?? DEFAULT_PRICING.maxUnpaidBookings,
      "max_unpaid_bookings",
    ),
    maxSurchargePercent: toInt(
      row.max_surcharge_percent ?? DEFAULT_PRICING.maxSurchargePercent,
      "max_surcharge_percent",
    ),
    maxPromotionPercent: toInt(
      row.max_promotion_percent ?? DEFAULT_PRICING.maxPromotionPercent,
      "max_promotion_percent",
    ),
  };
}

/** Converts one snake_case `menu_items` row into a {@link MenuItem}. Throws on an unknown kind. */
export function menuItemFromRow(row: MenuItemRow): MenuItem {
  if (row.kind !== "protein" && row.kind !== "addon") {
    throw new TypeError(`menu item ${row.code} has unknown kind ${row.kind}`);
  }
  return {
    code: row.code,
    kind: row.kind,
    label: row.label,
    premiumSurchargeCents: toInt(
      row.premium_surcharge_cents,
      "premium_surcharge_cents",
    ),
    priceCents: toInt(row.price_cents, "price_cents"),
    active: row.active,
    sortOrder: toInt(row.sort_order, "sort_order"),
  };
}

/** The SPEC §2 seed defaults; the database seed holds the same numbers. */
export const DEFAULT_PRICING: Readonly<PricingSettings> = Object.freeze({
  adultPriceCents: 5500,
  childPriceCents: 3000,
  extraProteinCents: 1000,
  proteinsPerGuest: 2,
  minimumFoodCents: 55000,
  freeTravelMiles: 30,
  travelFeePerMileCents: 200,
  maxTravelMiles: 150,
  salesTaxBps: 825,
  depositCents: 10000,
  maxPartySize: 50,
  holdMinutes: 15,
  minLeadHours: 48,
  maxLeadDays: 365,
  depositDueHours: 24,
  freeCancellationHours: 96,
  freeRescheduleHours: 24,
  rescheduleFeeCents: 10000,
  guestCountFinalHours: 24,
  menuFinalHours: 12,
  suggestedGratuityPercent: 20,
  slotTimes: Object.freeze([
    "12:00",
    "15:00",
    "18:00",
    "21:00",
  ]) as unknown as string[],
  zelleHandle: "payments@myhibachi.example",
  venmoHandle: "@MyHibachi",
  paymentMarginCents: 20000,
  maxGratuityPercent: 50,
  maxHoldsPerClient: 2,
  maxUnpaidBookings: 3,
  maxSurchargePercent: 20,
  maxPromotionPercent: 15,
});

function protein(
  code: string,
  label: string,
  surcharge: number,
  sortOrder: number,
): MenuItem {
  return {
    code,
    kind: "protein",
    label,
    premiumSurchargeCents: surcharge,
    priceCents: 0,
    active: true,
    sortOrder,
  };
}

function addon(
  code: string,
  label: string,
  price: number,
  sortOrder: number,
): MenuItem {
  return {
    code,
    kind: "addon",
    label,
    premiumSurchargeCents: 0,
    priceCents: price,
    active: true,
    sortOrder,
  };
}

/** The SPEC §2 seed menu: five base proteins, four premium proteins, five add-ons. */
export const DEFAULT_MENU: readonly MenuItem[] = Object.freeze([
  protein("chicken", "Chicken", 0, 10),
  protein("steak", "Steak (NY strip)", 0, 20),
  protein("shrimp", "Shrimp", 0, 30),
  protein("calamari", "Calamari", 0, 40),
  protein("tofu", "Tofu", 0, 50),
  protein("salmon", "Salmon", 500, 60),
  protein("scallops", "Scallops", 500, 70),
  protein("filet_mignon", "Filet mignon", 500, 80),
  protein("lobster_tail", "Lobster tail", 1500, 90),
  addon("yakisoba", "Yakisoba noodles", 500, 110),
  addon("extra_fried_rice", "Extra fried rice", 500, 120),
  addon("extra_vegetables", "Extra vegetables", 500, 130),
  addon("edamame", "Edamame", 500, 140),
  addon("gyoza", "Gyoza", 1000, 150),
].map((item) => Object.freeze(item)));
