/**
 * Menu performance (issue 13 item 3): per protein and add-on, the share of
 * parties that take it (attach rate), the revenue it brings (from each
 * booking's stored quote lines, so past prices stay past prices), its
 * attach rate by month, and suggestions: a bundle for add-ons often taken
 * together, a look at items few parties take.
 *
 * @module
 */

/** A booking as menu performance reads it (confirmed or completed). */
export interface MenuBooking {
  eventDate: string;
  proteins: Record<string, number>;
  extraProteins: Record<string, number>;
  addons: Record<string, number>;
  /** The stored quote's lines. */
  lines: { code: string; totalCents: number }[];
}

/** One item's performance. */
export interface MenuItemPerformance {
  code: string;
  kind: "protein" | "addon";
  /** Share of parties that took it, %. */
  attachRate: number;
  /** Servings over all parties. */
  servings: number;
  /** Revenue of its own lines (premium surcharges, extra servings, add-on prices), cents. */
  revenueCents: number;
  /** Share of all food revenue, %. */
  revenueShare: number;
  /** "YYYY-MM" → attach rate that month, %. */
  byMonth: Record<string, number>;
}

/** A menu suggestion with its reason. */
export interface MenuSuggestion {
  kind: "bundle" | "review_item";
  codes: string[];
  reason: string;
}

/** What the menu section shows. */
export interface MenuPerformance {
  parties: number;
  foodRevenueCents: number;
  items: MenuItemPerformance[];
  suggestions: MenuSuggestion[];
}

/** Pairs taken together in at least this share of parties become a bundle. */
const BUNDLE_MIN_SUPPORT = 0.05;
/** Items taken by fewer parties than this share are worth a look. */
const REVIEW_BELOW = 0.05;

const FOOD_LINE = /^(adult|child|premium:|extra_protein:|addon:)/;

function itemOf(code: string): string | null {
  const m = code.match(/^(?:premium|extra_protein|addon):(.+)$/);
  return m ? m[1] : null;
}

function pct(n: number, d: number): number {
  return d > 0 ? Math.round((1000 * n) / d) / 10 : 0;
}

/** Menu performance of `bookings`, items in `menu` order. */
export function menuPerformance(
  bookings: readonly MenuBooking[],
  menu: readonly { code: string; kind: "protein" | "addon"; label: string }[],
): MenuPerformance {
  const takers = new Map<string, number>();
  const servings = new Map<string, number>();
  const revenue = new Map<string, number>();
  const monthParties = new Map<string, number>();
  const monthTakers = new Map<string, number>();
  const pairs = new Map<string, number>();
  let food = 0;
  for (const b of bookings) {
    const month = b.eventDate.slice(0, 7);
    monthParties.set(month, (monthParties.get(month) ?? 0) + 1);
    const taken = new Set<string>();
    for (const counts of [b.proteins, b.extraProteins, b.addons]) {
      for (const [code, n] of Object.entries(counts ?? {})) {
        if (n > 0) {
          taken.add(code);
          servings.set(code, (servings.get(code) ?? 0) + n);
        }
      }
    }
    for (const code of taken) {
      takers.set(code, (takers.get(code) ?? 0) + 1);
      const key = `${code}|${month}`;
      monthTakers.set(key, (monthTakers.get(key) ?? 0) + 1);
    }
    const addons = Object.keys(b.addons ?? {}).filter((c) => b.addons[c] > 0)
      .sort();
    for (let i = 0; i < addons.length; i++) {
      for (let j = i + 1; j < addons.length; j++) {
        const k = `${addons[i]}|${addons[j]}`;
        pairs.set(k, (pairs.get(k) ?? 0) + 1);
      }
    }
    for (const l of b.lines ?? []) {
      if (!FOOD_LINE.test(l.code)) continue;
      food += l.totalCents;
      const item = itemOf(l.code);
      if (item) revenue.set(item, (revenue.get(item) ?? 0) + l.totalCents);
    }
  }
  const parties = bookings.length;
  const months = [...monthParties.keys()].sort();
  const items: MenuItemPerformance[] = menu.map((m) => ({
    code: m.code,
    kind: m.kind,
    attachRate: pct(takers.get(m.code) ?? 0, parties),
    servings: servings.get(m.code) ?? 0,
    revenueCents: revenue.get(m.code) ?? 0,
    revenueShare: pct(revenue.get(m.code) ?? 0, food),
    byMonth: Object.fromEntries(
      months.map((mo) => [
        mo,
        pct(monthTakers.get(`${m.code}|${mo}`) ?? 0, monthParties.get(mo) ?? 0),
      ]),
    ),
  }));

  const label = (code: string) =>
    menu.find((m) => m.code === code)?.label ?? code;
  const suggestions: MenuSuggestion[] = [];
  const best =
    [...pairs.entries()].sort((a, b) =>
      b[1] - a[1] || a[0].localeCompare(b[0])
    )[0];
  if (best && parties > 0 && best[1] / parties >= BUNDLE_MIN_SUPPORT) {
    const [a, b] = best[0].split("|");
    const together = best[1] / (takers.get(a) ?? 1);
    suggestions.push({
      kind: "bundle",
      codes: [a, b],
      reason: `${label(a)} and ${label(b)} were ordered together by ${
        pct(best[1], parties)
      } % of parties (${Math.round(together * 100)} % of those taking ${
        label(a)
      }): offer them as a bundle.`,
    });
  }
  for (const it of items) {
    if (parties >= 20 && it.attachRate < REVIEW_BELOW * 100) {
      suggestions.push({
        kind: "review_item",
        codes: [it.code],
        reason: `${
          label(it.code)
        } was taken by only ${it.attachRate} % of ${parties} parties: feature it or consider retiring it.`,
      });
    }
  }
  return { parties, foodRevenueCents: food, items, suggestions };
}
