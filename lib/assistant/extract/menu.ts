/**
 * Proteins and add-ons named in a message, matched to active menu codes by
 * label, code and common synonyms ("filet" → filet_mignon, "dumplings" → gyoza).
 *
 * @module
 */

import type { MenuItem } from "../../pricing/types.ts";
import { COUNT_SOURCE, parseCount } from "./number_words.ts";

/** Extra spellings customers use, by menu code. Codes not on the active menu are ignored. */
export const MENU_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  chicken: ["chicken", "chickens", "teriyaki chicken"],
  steak: [
    "steak",
    "steaks",
    "ny strip",
    "new york strip",
    "strip steak",
    "sirloin",
    "beef",
  ],
  shrimp: ["shrimp", "shrimps", "prawn", "prawns"],
  calamari: ["calamari", "squid"],
  tofu: ["tofu", "bean curd"],
  salmon: ["salmon"],
  scallops: ["scallop", "scallops"],
  filet_mignon: [
    "filet mignon",
    "filet mignons",
    "fillet mignon",
    "filet",
    "filets",
    "fillet",
    "tenderloin",
  ],
  lobster_tail: ["lobster tail", "lobster tails", "lobster", "lobsters"],
  yakisoba: ["yakisoba", "yakisoba noodles", "noodles", "noodle", "lo mein"],
  extra_fried_rice: [
    "extra fried rice",
    "more fried rice",
    "additional fried rice",
    "extra rice",
    "more rice",
  ],
  extra_vegetables: [
    "extra vegetables",
    "extra veggies",
    "extra veg",
    "more vegetables",
    "more veggies",
    "additional vegetables",
  ],
  edamame: ["edamame", "edamames", "soybeans"],
  gyoza: [
    "gyoza",
    "gyozas",
    "dumplings",
    "dumpling",
    "potstickers",
    "pot stickers",
  ],
};

/** One protein or add-on named in a message. */
export interface MenuMention {
  code: string;
  kind: MenuItem["kind"];
  /** Servings typed right before it ("4 lobster tails"), else undefined. */
  count?: number;
  /** "extra" / "additional" / "on top" beside a protein: servings beyond the included two. */
  extra: boolean;
  /** "everyone" / "each" / "per person" beside it: one per guest. */
  perGuest: boolean;
  /** Where the mention starts in the message. */
  index: number;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Every phrase that names each active item, longest first. */
function phrases(menu: readonly MenuItem[]): Array<[string, MenuItem]> {
  const out: Array<[string, MenuItem]> = [];
  for (const item of menu) {
    if (!item.active) continue;
    const names = new Set<string>([
      item.code.replace(/_/g, " "),
      item.label.toLowerCase().replace(/\s*\(.*\)\s*/g, "").trim(),
      ...(MENU_SYNONYMS[item.code] ?? []),
    ]);
    for (const n of names) if (n) out.push([n, item]);
  }
  return out.sort((a, b) => b[0].length - a[0].length);
}

/**
 * Proteins and add-ons named in `message`, in order of appearance, each with
 * the count typed before it. Negated mentions ("no shrimp", "without gyoza",
 * "allergic to shellfish") are left out.
 */
export function extractMenu(
  message: string,
  menu: readonly MenuItem[],
): MenuMention[] {
  const text = message.toLowerCase().replace(/[’']/g, "'");
  const taken: Array<[number, number]> = [];
  const out: MenuMention[] = [];
  for (const [phrase, item] of phrases(menu)) {
    const re = new RegExp(`\\b${escape(phrase)}\\b`, "g");
    for (const m of text.matchAll(re)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (taken.some(([s, e]) => start < e && s < end)) continue;
      taken.push([start, end]);
      const before = text.slice(Math.max(0, start - 40), start);
      const after = text.slice(end, end + 30);
      if (
        /\b(?:no|not|without|except|skip|hold the|allergic to|allergy to|can't eat|cannot eat|don't eat|doesn't eat|avoid|hate)\s+(?:any\s+|the\s+|\w+\s+)?$/
          .test(before)
      ) continue;
      const countMatch = new RegExp(
        `(?:^|[^\\w$.])(${COUNT_SOURCE})\\s+(?:(?:extra|additional|more|orders? of|servings? of|plates? of|portions? of|pieces? of|premium|upgraded?|grilled|whole|sea|jumbo|cold[- ]water|of the)\\s+){0,3}$`,
      ).exec(before);
      const afterCount = /^\s*(?:x|×)\s*(\d{1,3})\b/.exec(after) ??
        /^\s*(?:for|to)\s+(\d{1,3})\s+(?:of (?:them|us|the guests|the adults)|people|guests|adults|servings)\b/
          .exec(after);
      let count: number | undefined;
      if (countMatch) count = parseCount(countMatch[1]) ?? undefined;
      else if (afterCount) count = Number(afterCount[1]);
      // "for everyone" belongs to the item of its own clause only.
      const clause = /[,;]|\band\b|\bplus\b/;
      const near = `${before.split(clause).at(-1)} ${after.split(clause)[0]}`;
      out.push({
        code: item.code,
        kind: item.kind,
        count,
        extra: item.kind === "protein" &&
          /\b(?:extra|additional|on top|more)\b/.test(before.slice(-25)),
        perGuest:
          /\b(?:every(?:one|body)|each (?:guest|person)|per (?:person|guest|head)|for all|all guests)\b/
            .test(near),
        index: start,
      });
    }
  }
  // "2 orders of gyoza and potstickers": one item named twice keeps the counted mention.
  const byCode = new Map<string, MenuMention>();
  for (const m of out.sort((a, b) => a.index - b.index)) {
    const seen = byCode.get(`${m.code}:${m.extra}`);
    if (!seen || (seen.count === undefined && m.count !== undefined)) {
      byCode.set(`${m.code}:${m.extra}`, m);
    }
  }
  return [...byCode.values()].sort((a, b) => a.index - b.index);
}
