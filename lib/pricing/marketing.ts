/**
 * Prices and menu as the marketing pages show them. {@link SiteCatalogCache}
 * reads the live `pricing_settings` and active `menu_items` (as `anon`, the
 * way the booking API does), so an admin's edit shows on /menu and /pricing.
 * The business rules' own constants (`lib/pricing` DEFAULT_PRICING /
 * DEFAULT_MENU, equal to the database seed) remain the fallback when the
 * database cannot be reached, and serve pages that render without it.
 */
import {
  DEFAULT_MENU,
  DEFAULT_PRICING,
  type MenuItem,
  type MenuItemKind,
  type PricingSettings,
} from "./types.ts";
import {
  computeQuote,
  type Quote,
  type QuoteInput,
  QuoteInputError,
} from "./quote.ts";
import { type Db, withClaims } from "../db/mod.ts";
import {
  loadPricingSnapshot,
  type PricingSnapshot,
  versionOn,
} from "./snapshot.ts";
import { log } from "../observability/log.ts";
import { formatUsd } from "../site/money.ts";
import type { Review } from "../site/reviews.ts";
import { loadPublicReviews } from "../reviews/public.ts";

export type { MenuItem, PricingSettings, Quote, QuoteInput };

/** The NOTIFY channel the catalog triggers send on (migration 20261216100000). */
export const CATALOG_CHANNEL = "catalog_changed";

/** What the marketing pages render from. */
export interface SiteCatalog {
  pricing: Readonly<PricingSettings>;
  /** Active items in display order. */
  menu: MenuItem[];
  /** Approved reviews, newest event first (ADR 0035). */
  reviews: Review[];
  /** "database" when live, "fallback" when the constants stood in. */
  source: "database" | "fallback";
}

/** The seed's prices and menu: what pages show before the database answered. */
export const FALLBACK_CATALOG: Readonly<SiteCatalog> = Object.freeze({
  pricing: DEFAULT_PRICING,
  menu: DEFAULT_MENU.filter((item) => item.active)
    .sort((a, b) => a.sortOrder - b.sortOrder),
  reviews: [],
  source: "fallback",
});

/** Options of {@link SiteCatalogCache.load}. */
export interface LoadSiteCatalogOptions {
  /** Give up and fall back after this many milliseconds (default 3000). */
  timeoutMs?: number;
}

/** Options of {@link SiteCatalogCache}. */
export interface SiteCatalogOptions {
  /**
   * Show seeded demo reviews (`is_demo`). The composition root allows them
   * in every profile but production; default false.
   */
  includeDemoReviews?: boolean;
}

/**
 * The catalog last read from the database, per app instance. Pages that
 * render without a database trip (home, legal, service area, FAQ, menu,
 * pricing) show {@link SiteCatalogCache.current}; quotes price from
 * {@link SiteCatalogCache.snapshot} (every settings version, the menu and
 * the locations) while the cache listens for changes, and read the
 * database otherwise.
 */
export class SiteCatalogCache {
  readonly #db: Db;
  readonly #includeDemoReviews: boolean;
  #last: SiteCatalog | null = null;
  #version: { catalog: SiteCatalog; key: string } | null = null;
  #snapshot: PricingSnapshot | null = null;
  /** LISTEN is in place: a change would be heard, so the snapshot can be trusted. */
  #listening = false;
  /**
   * Bumped by every change announcement: a load that began before the last
   * one may have read the old rows and must not install its snapshot.
   */
  #generation = 0;
  #reload: (() => void) | null = null;

  constructor(db: Db, opts: SiteCatalogOptions = {}) {
    this.#db = db;
    this.#includeDemoReviews = opts.includeDemoReviews ?? false;
  }

  /**
   * Reloads the catalog whenever the database says it changed (`LISTEN
   * catalog_changed`, sent by triggers on the settings, menu, locations and
   * reviews),
   * so every instance shows an admin's edit within a second without
   * polling. Notifications arriving during a reload coalesce into one more
   * reload. While the listening connection is down the quote snapshot is
   * not used (a change could go unheard). Resolves to the function that
   * stops listening.
   */
  async watch(): Promise<() => Promise<void>> {
    let running: Promise<unknown> | null = null;
    let again = false;
    const reload = () => {
      if (running) {
        again = true;
        return;
      }
      running = this.load().finally(() => {
        running = null;
        if (again) {
          again = false;
          reload();
        }
      });
    };
    const changed = () => {
      this.#dropSnapshot();
      reload();
    };
    const unlisten = await this.#db.listen(CATALOG_CHANNEL, changed, {
      onLost: () => {
        this.#listening = false;
        this.#dropSnapshot();
      },
      onRestored: () => {
        this.#listening = true;
        changed();
      },
    });
    this.#listening = true;
    this.#reload = changed;
    // Loads begun before LISTEN was in place may have missed a change.
    changed();
    return async () => {
      this.#listening = false;
      this.#reload = null;
      this.#dropSnapshot();
      await unlisten();
      await running;
    };
  }

  /**
   * Forgets the quote snapshot now and reloads it: for this instance's own
   * catalog writes, so the writer's next quote sees them without waiting
   * for its notification (the other instances hear the NOTIFY).
   */
  invalidate(): void {
    if (this.#reload) this.#reload();
    else this.#dropSnapshot();
  }

  #dropSnapshot(): void {
    this.#generation++;
    this.#snapshot = null;
  }

  /** The last catalog read from the database, else the seed's. */
  current(): SiteCatalog {
    return this.#last ?? FALLBACK_CATALOG;
  }

  /**
   * Every settings version, the active menu and locations, when they are
   * known to be current (loaded since the last change announcement, with
   * LISTEN in place); null otherwise, and the caller reads the database.
   */
  snapshot(): PricingSnapshot | null {
    return this.#listening ? this.#snapshot : null;
  }

  /**
   * A key that changes exactly when what {@link current} shows changes
   * (prices, menu, approved reviews): cached pages built from it are
   * regenerated then.
   */
  version(): string {
    const catalog = this.current();
    if (this.#version?.catalog !== catalog) {
      const { pricing, menu, reviews } = catalog;
      this.#version = {
        catalog,
        key: JSON.stringify([pricing, menu, reviews]),
      };
    }
    return this.#version.key;
  }

  /**
   * The current pricing settings, active menu and approved reviews, read as
   * `anon` in a read-only transaction (and remembered for {@link current}),
   * together with every settings version and the locations for the quote
   * snapshot. When the database fails or does not answer within `timeoutMs`,
   * logs a warning and returns the last known catalog (the seed's if none),
   * so the marketing pages stay up during an outage.
   */
  async load(opts: LoadSiteCatalogOptions = {}): Promise<SiteCatalog> {
    const timeoutMs = opts.timeoutMs ?? 3000;
    const generation = this.#generation;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    const includeDemo = this.#includeDemoReviews;
    const live = withClaims(this.#db, null, async (tx) => ({
      ...await loadPricingSnapshot(tx),
      reviews: await loadPublicReviews(tx, { includeDemo }),
    }), { readOnly: true });
    try {
      const { today, snapshot, reviews } = await Promise.race([live, timeout]);
      const version = versionOn(snapshot.versions, today);
      this.#last = {
        pricing: version.settings,
        menu: snapshot.menu as MenuItem[],
        reviews,
        source: "database",
      };
      if (generation === this.#generation) this.#snapshot = snapshot;
      return this.#last;
    } catch (err) {
      // The late answer (or failure) of a timed-out read must not go unhandled.
      live.catch(() => {});
      log("warn", {
        msg: "site catalog: database unavailable, showing default prices",
        error: err instanceof Error ? err.message : String(err),
      });
      return { ...this.current(), source: "fallback" };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Menu copy per item code; an item without copy simply shows no description. */
export const MENU_DESCRIPTIONS: Readonly<Record<string, string>> = {
  chicken: "Garlic-butter thigh meat, seared with teriyaki glaze.",
  steak: "NY strip cooked to each guest's temperature at the grill.",
  shrimp: "Jumbo shrimp with lemon and garlic butter, plus a flip or two.",
  calamari: "Tender squid steak strips with a splash of sake.",
  tofu: "Crisp firm tofu; vegan on request, cooked on a cleaned zone.",
  salmon: "Atlantic salmon fillet with yuzu butter.",
  scallops: "Sea scallops, hard-seared and buttery.",
  filet_mignon: "Center-cut beef tenderloin.",
  lobster_tail: "Whole cold-water lobster tail, split and grilled.",
  yakisoba: "Stir-fried noodles with cabbage and our house sauce.",
  extra_fried_rice: "Another scoop of hibachi egg fried rice.",
  extra_vegetables: "Zucchini, onion, mushroom and broccoli.",
  edamame: "Steamed and sea-salted, a starter while the grill heats.",
  gyoza: "Pan-fried pork and vegetable dumplings.",
};

/** Items of one kind, in display order. */
export function menuItemsOfKind(
  menu: readonly MenuItem[],
  kind: MenuItemKind,
): MenuItem[] {
  return menu.filter((item) => item.kind === kind);
}

/**
 * Smallest all-adult party that reaches the food minimum (55000 / 5500 = 10),
 * shown so customers understand the minimum order.
 */
export function adultsToReachMinimum(p: Readonly<PricingSettings>): number {
  return Math.ceil(p.minimumFoodCents / p.adultPriceCents);
}

/** Sales tax as a display percentage: 825 bps → "8.25%", 800 → "8%". */
export function formatTaxRate(bps: number): string {
  const text = (bps / 100).toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
  return `${text}%`;
}

/**
 * Travel fee for a distance under the settings: free up to `freeTravelMiles`,
 * then per mile; `null` when the distance is outside the service area.
 */
export function travelFeeCents(
  miles: number,
  p: Readonly<PricingSettings>,
): number | null {
  if (miles > p.maxTravelMiles) return null;
  return Math.max(0, miles - p.freeTravelMiles) * p.travelFeePerMileCents;
}

/** The worked example on /pricing, with the item labels its copy names. */
export interface ExampleQuote {
  input: QuoteInput;
  quote: Quote;
  /** Label of the premium protein upgraded twice, if the menu has one. */
  premiumLabel: string | null;
  /** Label of the add-on ordered twice, if the menu has one. */
  addonLabel: string | null;
}

function pick(
  items: readonly MenuItem[],
  preferred: string,
): MenuItem | undefined {
  return items.find((item) => item.code === preferred) ?? items[0];
}

/**
 * The worked example on /pricing: a party priced by the real quote function
 * so the marketing page can never disagree with checkout. Built from the
 * items on the (live) menu, preferring filet mignon and gyoza, so an admin
 * retiring an item changes the example instead of breaking the page; null
 * when the menu has no included protein at all.
 */
export function exampleQuote(
  p: Readonly<PricingSettings>,
  menu: readonly MenuItem[],
): ExampleQuote | null {
  const proteins = menuItemsOfKind(menu, "protein");
  const base = proteins.filter((item) => item.premiumSurchargeCents === 0);
  if (base.length === 0) return null;
  const premium = pick(
    proteins.filter((item) => item.premiumSurchargeCents > 0),
    "filet_mignon",
  );
  const addon = pick(menuItemsOfKind(menu, "addon"), "gyoza");
  const adults = 8;
  const children = 2;
  const servings = (adults + children) * p.proteinsPerGuest;
  const upgrades = premium ? Math.min(2, servings) : 0;
  const rest = servings - upgrades;
  const proteinsByCode: Record<string, number> = {};
  const add = (code: string, n: number) => {
    if (n > 0) proteinsByCode[code] = (proteinsByCode[code] ?? 0) + n;
  };
  add(base[0].code, Math.ceil(rest / 2));
  add((base[1] ?? base[0]).code, Math.floor(rest / 2));
  if (premium) add(premium.code, upgrades);
  const input: QuoteInput = {
    adults,
    children,
    under6: 1,
    proteins: proteinsByCode,
    ...(addon ? { addons: { [addon.code]: 2 } } : {}),
    zip: "94539",
    gratuityPercent: p.suggestedGratuityPercent,
  };
  let quote: Quote;
  try {
    quote = computeQuote(input, p, menu, { miles: 0 });
  } catch (err) {
    // Settings an admin may choose (e.g. a party limit under 11) can rule
    // the example party out: then the page shows no example.
    if (err instanceof QuoteInputError) return null;
    throw err;
  }
  return {
    input,
    quote,
    premiumLabel: premium?.label ?? null,
    addonLabel: addon?.label ?? null,
  };
}

/** Premium proteins as "Salmon +$5" strings, in menu order. */
export function premiumSummary(menu: readonly MenuItem[]): string {
  return menu.filter((item) =>
    item.kind === "protein" && item.premiumSurchargeCents > 0
  )
    .map((item) => `${item.label} +${formatUsd(item.premiumSurchargeCents)}`)
    .join(", ");
}
