/**
 * The business settings an admin edits (SPEC §2 numbers, issue 11): their
 * zod schema (the same bounds and cross-field rules the database CHECKs
 * enforce, so a contradiction is a 422 with the field's path before it
 * reaches SQL), the snake_case column of each field, and the request bodies
 * of the settings and menu endpoints.
 *
 * @module
 */
import { z } from "zod";
import type { PricingSettings } from "../pricing/types.ts";
import { isIsoDate, isIsoTime } from "../booking_window/dates.ts";

/** Highest integer a settings column (SQL `integer`) accepts here. */
const MAX_INT = 100_000_000;

const int = (min: number, max = MAX_INT) => z.number().int().min(min).max(max);

/** One field per settings column (PricingSettings keys). */
export const settingsShape = {
  adultPriceCents: int(0),
  childPriceCents: int(0),
  extraProteinCents: int(0),
  proteinsPerGuest: int(1, 10),
  minimumFoodCents: int(0),
  freeTravelMiles: int(0, 10_000),
  travelFeePerMileCents: int(0),
  maxTravelMiles: int(0, 10_000),
  /** Basis points; at most 25 %. */
  salesTaxBps: int(0, 2500),
  depositCents: int(0),
  maxPartySize: int(1, 50),
  holdMinutes: int(1, 240),
  minLeadHours: int(0, 24 * 365),
  maxLeadDays: int(1, 1000),
  depositDueHours: int(1, 24 * 365),
  freeCancellationHours: int(0, 24 * 365),
  freeRescheduleHours: int(0, 24 * 365),
  rescheduleFeeCents: int(0),
  guestCountFinalHours: int(0, 24 * 365),
  menuFinalHours: int(0, 24 * 365),
  suggestedGratuityPercent: int(0, 50),
  maxGratuityPercent: int(0, 100),
  slotTimes: z.array(
    z.string().refine(isIsoTime, {
      message: "must be a time from 00:00 to 23:59 (HH:MM)",
    }),
  ).min(1).max(24).refine((a) => new Set(a).size === a.length, {
    message: "start times must be distinct",
  }),
  zelleHandle: z.string().trim().max(200),
  venmoHandle: z.string().trim().max(200),
  paymentMarginCents: int(0),
  maxHoldsPerClient: int(1, 100),
  maxUnpaidBookings: int(1, 100),
  maxSurchargePercent: int(0, 50),
  maxPromotionPercent: int(0, 50),
} satisfies Record<keyof PricingSettings, z.ZodType>;

/** Every settings field name. */
export const SETTINGS_FIELDS = Object.keys(settingsShape) as Array<
  keyof PricingSettings
>;

/** Settings fields whose value is money (integer cents; dollars on the page). */
export const MONEY_FIELDS: ReadonlySet<keyof PricingSettings> = new Set([
  "adultPriceCents",
  "childPriceCents",
  "extraProteinCents",
  "minimumFoodCents",
  "travelFeePerMileCents",
  "depositCents",
  "rescheduleFeeCents",
  "paymentMarginCents",
]);

/** camelCase field → snake_case column (`adultPriceCents` → `adult_price_cents`). */
export function columnOf(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** snake_case column → camelCase field. */
export function fieldOf(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The rules between fields, with the path of the field at fault (the
 * database's `settings_*` table CHECKs say the same).
 */
export function crossFieldIssues(
  s: Partial<PricingSettings>,
): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (
    s.freeTravelMiles !== undefined && s.maxTravelMiles !== undefined &&
    s.freeTravelMiles > s.maxTravelMiles
  ) {
    out.push({
      path: "freeTravelMiles",
      message:
        `free miles (${s.freeTravelMiles}) cannot exceed the service-area maximum (${s.maxTravelMiles})`,
    });
  }
  if (
    s.suggestedGratuityPercent !== undefined &&
    s.maxGratuityPercent !== undefined &&
    s.suggestedGratuityPercent > s.maxGratuityPercent
  ) {
    out.push({
      path: "suggestedGratuityPercent",
      message:
        `the suggested gratuity (${s.suggestedGratuityPercent} %) cannot exceed the maximum (${s.maxGratuityPercent} %)`,
    });
  }
  return out;
}

/** A complete, consistent set of settings. */
export const settingsSchema = z.strictObject(settingsShape).superRefine(
  (v, ctx) => {
    for (const i of crossFieldIssues(v)) {
      ctx.addIssue({ code: "custom", path: [i.path], message: i.message });
    }
  },
);

/** A calendar date "YYYY-MM-DD". */
const isoDate = z.string().max(10).refine(isIsoDate, {
  message: "must be a date YYYY-MM-DD",
});

/**
 * `PUT /api/staff/settings`: the version the form was read from, the date
 * the settings take effect (today or later; the base's own date edits it in
 * place), and the fields that change.
 */
export const saveSettingsBodySchema = z.strictObject({
  effectiveFrom: isoDate,
  baseVersionId: z.number().int().min(1),
  baseRevision: z.number().int().min(1),
  note: z.string().trim().max(500).optional(),
  settings: z.strictObject(settingsShape).partial(),
});

/** `POST /api/staff/settings/preview`: the changes to price a typical party with. */
export const previewSettingsBodySchema = z.strictObject({
  baseVersionId: z.number().int().min(1),
  settings: z.strictObject(settingsShape).partial(),
});

/** A validated settings save. */
export type SaveSettingsBody = z.output<typeof saveSettingsBodySchema>;

const menuCode = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, {
  message: "lowercase letters, digits and _ (starting with a letter)",
});

/** `POST /api/staff/menu-items`: a new protein or add-on. */
export const createMenuItemBodySchema = z.strictObject({
  code: menuCode,
  kind: z.enum(["protein", "addon"]),
  label: z.string().trim().min(1).max(100),
  /** Premium proteins: surcharge per serving (0 = base protein). */
  premiumSurchargeCents: int(0).optional(),
  /** Add-ons: price per serving. */
  priceCents: int(0).optional(),
  sortOrder: int(0, 100_000).optional(),
}).superRefine((v, ctx) => {
  if (v.kind === "protein" && (v.priceCents ?? 0) !== 0) {
    ctx.addIssue({
      code: "custom",
      path: ["priceCents"],
      message: "a protein has a premium surcharge, not a price",
    });
  }
  if (v.kind === "addon" && (v.premiumSurchargeCents ?? 0) !== 0) {
    ctx.addIssue({
      code: "custom",
      path: ["premiumSurchargeCents"],
      message: "an add-on has a price, not a premium surcharge",
    });
  }
});

/** A validated new menu item. */
export type CreateMenuItemBody = z.output<typeof createMenuItemBodySchema>;

/** `PATCH /api/staff/menu-items/{code}`: rename, reprice, retire or bring back. */
export const updateMenuItemBodySchema = z.strictObject({
  label: z.string().trim().min(1).max(100).optional(),
  premiumSurchargeCents: int(0).optional(),
  priceCents: int(0).optional(),
  sortOrder: int(0, 100_000).optional(),
  /** false retires the item (old bookings keep it in their quote). */
  active: z.boolean().optional(),
});

/** A validated menu item change. */
export type UpdateMenuItemBody = z.output<typeof updateMenuItemBodySchema>;

/** An IANA time zone the runtime knows ("America/Los_Angeles"). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return value.includes("/") || value === "UTC";
  } catch {
    return false;
  }
}

/** `POST /api/staff/locations`: a new base location (admins). */
export const createLocationBodySchema = z.strictObject({
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
    message: "lowercase words joined by -",
  }).max(60),
  name: z.string().trim().min(1).max(100),
  zip: z.string().regex(/^\d{5}$/, { message: "a 5-digit US ZIP" }),
  timezone: z.string().max(64).refine(isTimeZone, {
    message: "an IANA time zone such as America/Los_Angeles",
  }),
});

/** A validated new location. */
export type CreateLocationBody = z.output<typeof createLocationBodySchema>;

export { menuCode as menuCodeSchema };
