/**
 * How the protein steppers move servings (ADR 0038): the party is one guest
 * group that needs `proteinsPerGuest` servings per adult and child. Once the
 * split adds up, a stepper moves a serving between proteins instead of
 * adding one, so the total stays right and the price stays on screen; a
 * change in guests rescales the split the customer chose.
 *
 * @module
 */
import { defaultProteins, type PartyMenu } from "./menu.ts";

type Menu = Pick<PartyMenu, "proteins" | "proteinsPerGuest">;

function total(proteins: Record<string, number>): number {
  return Object.values(proteins).reduce(
    (a, b) => a + (Number.isFinite(b) ? b : 0),
    0,
  );
}

function clean(proteins: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [code, n] of Object.entries(proteins)) {
    if (Number.isFinite(n) && n > 0) out[code] = n;
  }
  return out;
}

/**
 * One click on a protein's "+" (delta 1) or "−" (delta −1). When the split
 * already adds up to what the guests need, "+" takes the serving from the
 * protein that has the most (the last of equals in menu order) and "−" gives
 * it to the first included (no surcharge) protein other than this one;
 * otherwise the count simply moves towards the total.
 */
export function stepProtein(
  proteins: Record<string, number>,
  code: string,
  delta: 1 | -1,
  fed: number,
  menu: Menu,
): Record<string, number> {
  const next = clean(proteins);
  const own = next[code] ?? 0;
  const needed = Number.isSafeInteger(fed) && fed > 0
    ? fed * menu.proteinsPerGuest
    : 0;
  if (delta < 0 && own === 0) return next;
  if (needed === 0 || total(next) !== needed) {
    next[code] = own + delta;
    return clean(next);
  }
  const others = menu.proteins.map((p) => p.code).filter((c) => c !== code);
  if (delta > 0) {
    let donor = "";
    for (const c of others) {
      if ((next[c] ?? 0) > 0 && (next[c] ?? 0) >= (next[donor] ?? 0)) {
        donor = c;
      }
    }
    if (!donor) return next; // this protein already has every serving
    next[donor] -= 1;
    next[code] = own + 1;
  } else {
    const standard = menu.proteins.filter((p) =>
      p.cents === 0 && p.code !== code
    );
    const receiver = standard[0]?.code ?? others[0];
    if (!receiver) return next;
    next[receiver] = (next[receiver] ?? 0) + 1;
    next[code] = own - 1;
  }
  return clean(next);
}

/**
 * The split for a new guest count: the customer's proportions scaled to the
 * new total (largest remainders first, ties in menu order), or the default
 * split when nothing was chosen yet.
 */
export function rescaleProteins(
  proteins: Record<string, number>,
  adults: number,
  children: number,
  menu: Menu,
): Record<string, number> {
  const fed = adults + children;
  if (!Number.isSafeInteger(fed) || fed < 1) return clean(proteins);
  const now = clean(proteins);
  const have = total(now);
  if (have === 0) return defaultProteins(adults, children, menu);
  const needed = fed * menu.proteinsPerGuest;
  const order = menu.proteins.map((p) => p.code).filter((c) => c in now);
  const exact = order.map((c) => (now[c] * needed) / have);
  const out: Record<string, number> = {};
  order.forEach((c, i) => (out[c] = Math.floor(exact[i])));
  let left = needed - total(out);
  const byRemainder = order.map((c, i) => ({ c, r: exact[i] % 1, i }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { c } of byRemainder) {
    if (left <= 0) break;
    out[c] += 1;
    left -= 1;
  }
  return clean(out);
}

/** "20 of 24 protein servings chosen", or "" before there are guests. */
export function proteinStatus(
  proteins: Record<string, number>,
  fed: number,
  proteinsPerGuest: number,
): string {
  if (!Number.isFinite(fed) || fed < 1) return "";
  return `${total(proteins)} of ${
    proteinsPerGuest * fed
  } protein servings chosen`;
}
