/**
 * Full-text search over FAQ and policy entries (MiniSearch: BM25 with prefix
 * and fuzzy matching), the engine of the `search_faq` tool.
 *
 * @module
 */

import MiniSearch from "minisearch";
import type { FaqHit } from "./types.ts";

/** An entry the search indexes (lib/site/faq.ts `FaqEntry` fits). */
export interface FaqDocument {
  id: string;
  question: string;
  answer: string;
  /** Extra words customers use for this entry (not shown). */
  keywords?: string;
}

/** Extra search words per FAQ id: how customers ask, in words the answer may not use. */
export const FAQ_KEYWORDS: Readonly<Record<string, string>> = {
  "how-it-works":
    "how does it work what happens bring provide include included setup clean cleanup utensils plates chef arrives early",
  "how-far-ahead":
    "advance notice ahead last minute short notice lead time soon same day tomorrow how early book",
  "start-times": "start times time slots what time hours schedule begin",
  "party-size":
    "how many guests large party maximum minimum size long last duration hours big group",
  "price-per-person":
    "cost price prices per person adult child kids cost how much pricing rate charge included",
  "minimum": "minimum order spend small party few people",
  "travel-fee":
    "travel fee distance miles far service area travel charge drive",
  "deposit":
    "deposit pay payment down payment zelle venmo cash card balance paid credit",
  "gratuity": "tip tipping gratuity included chef tip",
  "proteins":
    "menu proteins options choices meat chicken steak shrimp lobster filet salmon upgrade premium",
  "allergies":
    "allergy allergies allergic dietary vegetarian vegan gluten celiac nut peanut shellfish dairy halal kosher",
  "space":
    "space setup indoor indoors inside outdoor backyard patio balcony apartment garage ventilation smoke propane grill",
  "rain": "rain weather wet storm bad weather covered",
  "cancellation": "cancel cancellation refund refundable money back cancelling",
  "reschedule":
    "reschedule change date move postpone guest count menu change different date",
};

/** A search function over fixed entries. */
export type FaqSearch = (query: string, limit?: number) => FaqHit[];

/**
 * Builds a search over `entries`. Questions weigh most, then keywords, then
 * answers; scores are MiniSearch's (higher is better).
 */
export function createFaqSearch(
  entries: readonly FaqDocument[],
  keywords: Readonly<Record<string, string>> = FAQ_KEYWORDS,
): FaqSearch {
  const index = new MiniSearch<FaqDocument>({
    fields: ["question", "keywords", "answer"],
    storeFields: ["id", "question", "answer"],
    searchOptions: {
      boost: { question: 3, keywords: 2, answer: 1 },
      prefix: (term) => term.length > 3,
      fuzzy: (term) => (term.length > 5 ? 0.2 : false),
      combineWith: "OR",
    },
    processTerm: (term) => {
      const t = term.toLowerCase();
      return STOP_WORDS.has(t) ? null : t;
    },
  });
  index.addAll(entries.map((e) => ({
    ...e,
    keywords: [e.keywords ?? "", keywords[e.id] ?? ""].join(" "),
  })));
  const byId = new Map(entries.map((e) => [e.id, e]));
  return (query, limit = 3) =>
    index.search(query).slice(0, limit).map((r) => {
      const e = byId.get(String(r.id))!;
      return {
        id: e.id,
        question: e.question,
        answer: e.answer,
        score: r.score,
      };
    });
}

const STOP_WORDS = new Set([
  "a",
  "an",
  "and",
  "are",
  "be",
  "can",
  "do",
  "does",
  "for",
  "how",
  "i",
  "if",
  "in",
  "is",
  "it",
  "me",
  "my",
  "of",
  "on",
  "or",
  "our",
  "the",
  "to",
  "we",
  "what",
  "when",
  "with",
  "you",
  "your",
  "us",
  "there",
  "any",
  "about",
  "hi",
  "hello",
  "please",
  "thanks",
]);
