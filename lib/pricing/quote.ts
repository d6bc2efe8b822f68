/**
 * The price quote of SPEC §5 (`POST /api/quote`), as one pure function.
 *
 * @module
 */

import type { MenuItem, PricingSettings } from "./types.ts";
import { applyBasisPoints, applyPercent } from "./rounding.ts";

/** What the customer asks a quote for (the validated `POST /api/quote` body). */
export interface QuoteInput {
  adults: number;
  children: number;
  under6?: number;
  /** Protein code → servings; must sum to proteinsPerGuest · (adults + children). */
  proteins: Record<string, number>;
  /** Protein code → extra servings beyond the included ones. */
  extraProteins?: Record<string, number>;
  /** Add-on code → servings. */
  addons?: Record<string, number>;
  zip: string;
  /** Integer 0–50, percent of (food subtotal + minimum adjustment). Default 0. */
  gratuityPercent?: number;
}

/** The distance part of a quote, from `lib/geo` (miles rounded up). */
export interface TravelInput {
  miles: number;
}

/** One line of a quote. `totalCents` = `quantity · unitCents`. */
export interface QuoteLine {
  code: string;
  label: string;
  quantity: number;
  unitCents: number;
  totalCents: number;
}

/** The SPEC §5 quote body. */
export interface Quote {
  currency: "usd";
  lines: QuoteLine[];
  foodSubtotalCents: number;
  minimumAdjustmentCents: number;
  travelMiles: number;
  travelFeeCents: number;
  taxCents: number;
  gratuityCents: number;
  totalCents: number;
  depositCents: number;
  balanceDueCents: number;
  serviceable: boolean;
}

/** A problem with a quote input, with a dotted path into the request body. */
export interface QuoteIssue {
  path: string;
  message: string;
}

/** Thrown by {@link computeQuote} when the input does not fit the menu or the protein rule. */
export class QuoteInputError extends Error {
  /** Every problem found, each with a dotted body path. */
  readonly issues: QuoteIssue[];
  constructor(issues: QuoteIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join("; "));
    this.name = "QuoteInputError";
    this.issues = issues;
  }
}

/**
 * The active item with `code` (the last one, should a menu repeat a code).
 * A scan: a quote names a handful of codes in a menu of about a dozen, and
 * building a Map of the menu per quote cost more than the quote (ADR 0044).
 */
function activeItem(
  menu: readonly MenuItem[],
  code: string,
): MenuItem | undefined {
  for (let i = menu.length - 1; i >= 0; i--) {
    const item = menu[i];
    if (item.active && item.code === code) return item;
  }
  return undefined;
}

/** Issues for codes in `proteins`, `extraProteins` and `addons` that are not active menu items of the right kind. */
export function menuCodeIssues(
  input: Pick<QuoteInput, "proteins" | "extraProteins" | "addons">,
  menu: readonly MenuItem[],
): QuoteIssue[] {
  const issues: QuoteIssue[] = [];
  const check = (
    field: string,
    counts: Record<string, number> | undefined,
    kind: MenuItem["kind"],
  ) => {
    for (const code of Object.keys(counts ?? {})) {
      const item = activeItem(menu, code);
      if (!item || item.kind !== kind) {
        issues.push({
          path: `${field}.${code}`,
          message: `unknown ${kind} "${code}"`,
        });
      }
    }
  };
  check("proteins", input.proteins, "protein");
  check("extraProteins", input.extraProteins, "protein");
  check("addons", input.addons, "addon");
  return issues;
}

/** The issue at `proteins` when servings do not sum to proteinsPerGuest · (adults + children), else null. */
export function proteinSumIssue(
  input: Pick<QuoteInput, "adults" | "children" | "proteins">,
  settings: Pick<PricingSettings, "proteinsPerGuest">,
): QuoteIssue | null {
  const expected = settings.proteinsPerGuest * (input.adults + input.children);
  const got = Object.values(input.proteins ?? {}).reduce((a, b) => a + b, 0);
  if (got === expected) return null;
  return {
    path: "proteins",
    message:
      `protein servings must sum to ${expected} (${settings.proteinsPerGuest} per adult and child), got ${got}`,
  };
}

/**
 * Checks a quote input against the active menu and the protein rule, plus the
 * integer ranges a schema would already enforce (so direct callers are safe too).
 * Returns every issue found (empty when the input can be priced).
 */
export function checkQuoteInput(
  input: QuoteInput,
  settings: PricingSettings,
  menu: readonly MenuItem[],
): QuoteIssue[] {
  const issues: QuoteIssue[] = [];
  const nonNegative = (path: string, v: unknown) => {
    if (!Number.isSafeInteger(v) || (v as number) < 0) {
      issues.push({ path, message: "must be a non-negative integer" });
    }
  };
  nonNegative("adults", input.adults);
  nonNegative("children", input.children);
  nonNegative("under6", input.under6 ?? 0);
  for (const field of ["proteins", "extraProteins", "addons"] as const) {
    for (const [code, n] of Object.entries(input[field] ?? {})) {
      nonNegative(`${field}.${code}`, n);
    }
  }
  const g = input.gratuityPercent ?? 0;
  const maxG = Math.min(50, settings.maxGratuityPercent ?? 50);
  if (!Number.isSafeInteger(g) || g < 0 || g > maxG) {
    issues.push({
      path: "gratuityPercent",
      message: `must be an integer from 0 to ${maxG}`,
    });
  }
  if (issues.length > 0) return issues;
  issues.push(...menuCodeIssues(input, menu));
  const sum = proteinSumIssue(input, settings);
  if (sum) issues.push(sum);
  return issues;
}

function line(
  code: string,
  label: string,
  quantity: number,
  unitCents: number,
): QuoteLine {
  return { code, label, quantity, unitCents, totalCents: quantity * unitCents };
}

function byMenuOrder(a: MenuItem, b: MenuItem): number {
  return a.sortOrder - b.sortOrder || a.code.localeCompare(b.code);
}

/** The active items in menu order (sort order, then code). */
function menuOrder(menu: readonly MenuItem[]): MenuItem[] {
  const active = menu.filter((m) => m.active);
  // Catalogs arrive ordered: a stable sort would return them as they are.
  for (let i = 1; i < active.length; i++) {
    if (byMenuOrder(active[i - 1], active[i]) > 0) {
      return active.sort(byMenuOrder);
    }
  }
  return active;
}

/** Lines for a code → count map, in `sorted` (menu) order, skipping zero counts. */
function itemLines(
  counts: Record<string, number> | undefined,
  sorted: readonly MenuItem[],
  make: (item: MenuItem, count: number) => QuoteLine | null,
): QuoteLine[] {
  const out: QuoteLine[] = [];
  if (!counts) return out;
  for (const item of sorted) {
    const count = counts[item.code] ?? 0;
    if (count > 0) {
      const l = make(item, count);
      if (l) out.push(l);
    }
  }
  return out;
}

/**
 * Computes the quote of SPEC §5. Pure: same input, same quote. Integer cents only.
 *
 * Lines appear in this order; a line is omitted when its quantity or total is 0
 * (except `under6`, listed whenever there are under-6 guests, at 0 cents, so the
 * headcount is visible). `totalCents` is always the sum of all line totals.
 *
 * | code                   | quantity                | unitCents                          | counts toward       |
 * | ---------------------- | ----------------------- | ---------------------------------- | ------------------- |
 * | `adult`                | adults                  | adultPriceCents (5500)             | food subtotal       |
 * | `child`                | children                | childPriceCents (3000)             | food subtotal       |
 * | `under6`               | under-6 guests          | 0                                  | (headcount only)    |
 * | `premium:<code>`       | included servings       | premiumSurchargeCents              | food subtotal       |
 * | `extra_protein:<code>` | extra servings          | extraProteinCents + surcharge      | food subtotal       |
 * | `addon:<code>`         | servings                | add-on priceCents                  | food subtotal       |
 * | `minimum_adjustment`   | 1                       | minimumFoodCents − food subtotal   | taxable base        |
 * | `travel`               | miles beyond free miles | travelFeePerMileCents (200)        | not taxed           |
 * | `tax`                  | 1                       | half-up(base · salesTaxBps / 1e4)  | —                   |
 * | `gratuity`             | 1                       | half-up(base · percent / 100)      | not taxed           |
 *
 * where base = food subtotal + minimum adjustment. `serviceable` is false when
 * `travel.miles` exceeds `maxTravelMiles`; the quote is still fully priced so the
 * customer sees it, and booking refuses it. Deposit = min(depositCents, total).
 *
 * @throws {QuoteInputError} when {@link checkQuoteInput} finds issues (unknown or
 *   inactive menu codes, protein servings not summing to 2 per adult and child).
 */
export function computeQuote(
  input: QuoteInput,
  settings: PricingSettings,
  menu: readonly MenuItem[],
  travel: TravelInput,
): Quote {
  const issues = checkQuoteInput(input, settings, menu);
  if (issues.length > 0) throw new QuoteInputError(issues);
  if (!Number.isSafeInteger(travel.miles) || travel.miles < 0) {
    throw new RangeError(
      `travel miles must be a non-negative integer, got ${travel.miles}`,
    );
  }

  const lines: QuoteLine[] = [];
  if (input.adults > 0) {
    lines.push(
      line("adult", "Adult (13+)", input.adults, settings.adultPriceCents),
    );
  }
  if (input.children > 0) {
    lines.push(
      line("child", "Child (6–12)", input.children, settings.childPriceCents),
    );
  }
  const under6 = input.under6 ?? 0;
  if (under6 > 0) lines.push(line("under6", "Under 6 (free)", under6, 0));

  // Sorted once for the three item groups (it was once per group).
  const sorted = menuOrder(menu);

  lines.push(
    ...itemLines(
      input.proteins,
      sorted,
      (item, n) =>
        item.premiumSurchargeCents > 0
          ? line(
            `premium:${item.code}`,
            `${item.label} (premium)`,
            n,
            item.premiumSurchargeCents,
          )
          : null,
    ),
  );
  lines.push(...itemLines(input.extraProteins, sorted, (item, n) =>
    line(
      `extra_protein:${item.code}`,
      `Extra ${item.label}`,
      n,
      settings.extraProteinCents + item.premiumSurchargeCents,
    )));
  lines.push(
    ...itemLines(
      input.addons,
      sorted,
      (item, n) => line(`addon:${item.code}`, item.label, n, item.priceCents),
    ),
  );

  const foodSubtotalCents = lines.reduce((sum, l) => sum + l.totalCents, 0);
  const minimumAdjustmentCents = Math.max(
    0,
    settings.minimumFoodCents - foodSubtotalCents,
  );
  if (minimumAdjustmentCents > 0) {
    lines.push(
      line(
        "minimum_adjustment",
        "Minimum order adjustment",
        1,
        minimumAdjustmentCents,
      ),
    );
  }

  const billableMiles = Math.max(0, travel.miles - settings.freeTravelMiles);
  const travelFeeCents = billableMiles * settings.travelFeePerMileCents;
  if (travelFeeCents > 0) {
    lines.push(
      line(
        "travel",
        `Travel (${billableMiles} mi beyond ${settings.freeTravelMiles} free)`,
        billableMiles,
        settings.travelFeePerMileCents,
      ),
    );
  }

  const taxableCents = foodSubtotalCents + minimumAdjustmentCents;
  const taxCents = applyBasisPoints(taxableCents, settings.salesTaxBps);
  if (taxCents > 0) {
    lines.push(
      line(
        "tax",
        `Sales tax (${formatBps(settings.salesTaxBps)})`,
        1,
        taxCents,
      ),
    );
  }
  const gratuityPercent = input.gratuityPercent ?? 0;
  const gratuityCents = applyPercent(taxableCents, gratuityPercent);
  if (gratuityCents > 0) {
    lines.push(
      line("gratuity", `Gratuity (${gratuityPercent}%)`, 1, gratuityCents),
    );
  }

  const totalCents = lines.reduce((sum, l) => sum + l.totalCents, 0);
  const depositCents = Math.min(settings.depositCents, totalCents);
  return {
    currency: "usd",
    lines,
    foodSubtotalCents,
    minimumAdjustmentCents,
    travelMiles: travel.miles,
    travelFeeCents,
    taxCents,
    gratuityCents,
    totalCents,
    depositCents,
    balanceDueCents: totalCents - depositCents,
    serviceable: travel.miles <= settings.maxTravelMiles,
  };
}

/** 825 → "8.25%", 800 → "8%". */
function formatBps(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const frac = String(bps % 100).padStart(2, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}%` : `${whole}%`;
}
