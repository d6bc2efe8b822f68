/**
 * Small counts written in words ("twelve", "a dozen", "twenty-two").
 *
 * @module
 */

const UNITS: Readonly<Record<string, number>> = {
  zero: 0,
  no: 0,
  one: 1,
  a: 1,
  an: 1,
  single: 1,
  two: 2,
  couple: 2,
  pair: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  dozen: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};

const TENS: Readonly<Record<string, number>> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
};

/** Pattern source matching one count: digits or words ("twenty two", "a dozen", "a couple of"). */
export const COUNT_SOURCE =
  "(?:\\d{1,3}|(?:twenty|thirty|forty|fifty|sixty)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|a\\s+dozen|a\\s+couple(?:\\s+of)?|a\\s+pair\\s+of|zero|no|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|dozen|a|an|single|couple)";

/** The value of a count matched by {@link COUNT_SOURCE}, or null. */
export function parseCount(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/\s+of$/, "");
  if (/^\d{1,3}$/.test(t)) return Number(t);
  const words = t.split(/[\s-]+/).filter((w) => w !== "a" || t === "a");
  if (words.length === 0) return null;
  if (words.length === 1) {
    const w = words[0];
    return UNITS[w] ?? TENS[w] ?? null;
  }
  if (words.length === 2 && TENS[words[0]] !== undefined) {
    const unit = UNITS[words[1]];
    if (unit !== undefined && unit > 0 && unit < 10) {
      return TENS[words[0]] + unit;
    }
  }
  if (words.length === 2 && words[1] === "of") return parseCount(words[0]);
  return null;
}
