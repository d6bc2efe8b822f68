/**
 * Party size from plain words: adults (13+), children (6–12) and under-6 guests.
 *
 * @module
 */

import { COUNT_SOURCE, parseCount } from "./number_words.ts";

/** The guests a message mentions; a field is absent when the message says nothing about it. */
export interface GuestCounts {
  adults?: number;
  children?: number;
  under6?: number;
}

const ADULT_NOUNS =
  "adults?|grown[- ]?ups?|men|women|ladies|gentlemen|guys|teens?|teenagers?|seniors?|parents|grandparents|couples?";
const TOTAL_NOUNS =
  "people|persons?|guests?|pax|folks|ppl|heads|attendees|diners|of us|friends|coworkers|colleagues|family members";
const CHILD_NOUNS =
  "kids?|children|child|boys?|girls?|youngsters|little ones|grandkids|grandchildren|nieces|nephews";
const BABY_NOUNS = "toddlers?|babies|baby|infants?|little kids";

const UNDER6_QUALIFIER =
  "(?:under|younger than|below|less than)\\s+(?:the\\s+)?(?:age\\s+(?:of\\s+)?)?(?:6|six|5|five)(?:\\s*(?:years?|yrs?)(?:\\s*old)?)?|(?:aged?\\s+)?(?:[0-5])\\s*(?:-|to|and)\\s*(?:[1-5])\\b|(?:5|five)\\s+(?:and|or)\\s+(?:under|younger)";
const CHILD_QUALIFIER =
  "(?:aged?\\s+)?(?:6|six)\\s*(?:-|to|–)\\s*(?:12|twelve)|under\\s+(?:the\\s+age\\s+of\\s+)?(?:12|13|twelve|thirteen)";
const TEEN_QUALIFIER =
  "(?:over|older than|above)\\s+(?:12|13|twelve|thirteen)|(?:13|thirteen)\\s*(?:\\+|and up|or older)";

interface Span {
  start: number;
  end: number;
}

function overlaps(spans: Span[], s: Span): boolean {
  return spans.some((x) => s.start < x.end && x.start < s.end);
}

/**
 * Reads guest counts from one message. "10 adults and 4 kids", "party of 12",
 * "15 people including 3 kids", "2 toddlers", "kids under 6: 2", "adults: 8".
 * Generic words (people, guests) are a total: kids counted "including" or
 * "of which" come out of it, kids added with "and"/"plus" come on top.
 */
export function extractGuests(message: string): GuestCounts {
  const text = message.toLowerCase().replace(/[’']/g, "'");
  const used: Span[] = [];
  let adults: number | undefined;
  let children: number | undefined;
  let under6: number | undefined;
  let total: number | undefined;
  let under6Subset = false;
  const add = (
    field: "adults" | "children" | "under6" | "total",
    n: number,
  ) => {
    if (field === "adults") adults = (adults ?? 0) + n;
    else if (field === "children") children = (children ?? 0) + n;
    else if (field === "under6") under6 = (under6 ?? 0) + n;
    else total = (total ?? 0) + n;
  };
  const scan = (
    source: string,
    handle: (m: RegExpExecArray) => boolean,
  ) => {
    const re = new RegExp(source, "g");
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (overlaps(used, span)) continue;
      if (handle(m)) used.push(span);
    }
  };
  const count = `(?<![\\d$.:/,])\\b(${COUNT_SOURCE})\\b(?![.:/]\\d)`;
  const adj = "(?:\\s+(?:more|other|hungry|little|young|small|older))?";

  // "kids under 6: 2", "adults: 10", "children = 3"
  scan(
    `\\b(${CHILD_NOUNS}|${BABY_NOUNS})\\s*\\(?(${UNDER6_QUALIFIER})\\)?\\s*[:=-]\\s*(\\d{1,3})\\b`,
    (m) => {
      add("under6", Number(m[3]));
      return true;
    },
  );
  scan(
    `\\b(${ADULT_NOUNS}|${CHILD_NOUNS}|${BABY_NOUNS}|${TOTAL_NOUNS})\\s*[:=]\\s*(\\d{1,3})\\b`,
    (m) => {
      const n = Number(m[2]);
      add(classify(m[1], ""), n);
      return true;
    },
  );
  // "3 kids under 6", "2 children (ages 6-12)", "4 teens", "10 adults"
  scan(
    `${count}${adj}\\s+(${ADULT_NOUNS}|${CHILD_NOUNS}|${BABY_NOUNS}|${TOTAL_NOUNS})\\b(?:\\s*\\(?\\s*(?:who\\s+are\\s+|that\\s+are\\s+|all\\s+)?(${UNDER6_QUALIFIER}|${CHILD_QUALIFIER}|${TEEN_QUALIFIER})\\)?)?`,
    (m) => {
      const n = parseCount(m[1]);
      if (n === null) return false;
      if (/^couples?$/.test(m[2])) add("adults", 2 * n);
      else add(classify(m[2], m[3] ?? ""), n);
      return true;
    },
  );
  // "2 of them under 6", "(1 under 5)", "2 are under six"
  scan(
    `${count}\\s+(of\\s+(?:them|whom|those|the kids|which)\\s+)?(?:are\\s+|is\\s+)?(?:${UNDER6_QUALIFIER})`,
    (m) => {
      const n = parseCount(m[1]);
      if (n === null) return false;
      add("under6", n);
      if (m[2]) under6Subset = true;
      else if (/\(\s*$/.test(text.slice(0, m.index))) under6Subset = true;
      return true;
    },
  );
  // "party of 12", "a group of twenty", "dinner for 8", "quote for 15"
  scan(
    `\\b(?:party|group|family|table|dinner|event|celebration|gathering|crowd|headcount|reservation|quote|price|cost|booking|chef|hibachi|it)\\s+(?:of|for)\\s+(?:about\\s+|around\\s+|roughly\\s+|approximately\\s+|~)?${count}(?!\\s*(?:am|pm|p\\.m|a\\.m|:|th\\b|st\\b|nd\\b|rd\\b|%|miles?|hours?|hrs?|minutes?|mins?|days?|weeks?|months?|dollars|bucks))`,
    (m) => {
      // "price for a party of 30": the article is not a count.
      if (/^(?:a|an|single)$/.test(m[1])) return false;
      const n = parseCount(m[1]);
      if (n === null || n === 0) return false;
      add("total", n);
      return true;
    },
  );
  // "we are 12", "there will be 14 of us" (handled by TOTAL_NOUNS), "for 12 in 95123"
  scan(
    `\\b(?:we(?:'re| are| will be|'ll be)|there(?:'s| are| will be|'ll be))\\s+(?:about\\s+|around\\s+)?${count}\\b(?!\\s*(?:am|pm|:|miles?|hours?|minutes?|days?|weeks?))`,
    (m) => {
      const n = parseCount(m[1]);
      if (n === null || n === 0) return false;
      add("total", n);
      return true;
    },
  );

  if (under6Subset && children !== undefined && under6 !== undefined) {
    children = Math.max(0, children - under6);
  }
  if (total !== undefined && adults === undefined) {
    const kids = (children ?? 0) + (under6 ?? 0);
    const inclusive =
      /\b(?:including|incl\.?|of which|of them|of those|out of|among them|in total|total|which includes|with \d+ being|are (?:kids|children))\b/
        .test(text);
    adults = inclusive ? Math.max(0, total - kids) : total;
  } else if (total !== undefined && adults !== undefined) {
    // "10 adults, 14 people total": keep the explicit counts.
  }
  const out: GuestCounts = {};
  if (adults !== undefined) out.adults = adults;
  if (children !== undefined) out.children = children;
  if (under6 !== undefined) out.under6 = under6;
  return out;
}

function classify(
  noun: string,
  qualifier: string,
): "adults" | "children" | "under6" | "total" {
  const q = qualifier.trim();
  if (q && new RegExp(`^(?:${TEEN_QUALIFIER})$`).test(q)) return "adults";
  if (q && new RegExp(`^(?:${UNDER6_QUALIFIER})$`).test(q)) return "under6";
  if (new RegExp(`^(?:${BABY_NOUNS})$`).test(noun)) return "under6";
  if (new RegExp(`^(?:${CHILD_NOUNS})$`).test(noun)) return "children";
  if (new RegExp(`^(?:${ADULT_NOUNS})$`).test(noun)) return "adults";
  return "total";
}
