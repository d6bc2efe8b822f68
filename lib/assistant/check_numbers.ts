/**
 * "Numbers are never invented": every money amount, date, time and other
 * number in a reply must come from a tool result of the same turn (counts and
 * ZIPs may also echo the customer's own words). The engine runs this on every
 * draft before it leaves.
 *
 * @module
 */

/** A number found in a reply, by kind. */
export type FoundNumber =
  | { kind: "money"; text: string; cents: number }
  | { kind: "time"; text: string; minutes: number }
  | {
    kind: "date";
    text: string;
    month: number;
    day: number;
    year?: number;
    /** 0 = Sunday … 6 = Saturday, when a weekday was written beside it. */
    weekday?: number;
  }
  | { kind: "number"; text: string; value: number };

/** What the turn's tool results (and the customer) allow a reply to say. */
export interface AllowedNumbers {
  cents: Set<number>;
  minutes: Set<number>;
  /** ISO dates "YYYY-MM-DD". */
  dates: Set<string>;
  numbers: Set<number>;
}

/** The outcome of {@link checkReplyNumbers}. */
export interface NumberCheck {
  ok: boolean;
  found: FoundNumber[];
  /** The numbers no tool result (or customer message, for plain counts) backs. */
  unsupported: FoundNumber[];
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const WEEKDAYS: Record<string, number> = {
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
};

const MONTH_SOURCE =
  "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const WEEKDAY_SOURCE =
  "(?:(sun|mon|tue|wed|thu|fri|sat)(?:day|sday|nesday|rsday|urday|s|\\.)?,?\\s+)?";

interface Pattern {
  re: RegExp;
  make: (m: RegExpExecArray) => FoundNumber | null;
}

function money(dollars: string, cents?: string): number {
  return Number(dollars.replace(/,/g, "")) * 100 +
    (cents ? Number(cents.padEnd(2, "0")) : 0);
}

function hour12(h: number, meridiem: string): number {
  const pm = meridiem.toLowerCase().startsWith("p");
  return (h % 12) + (pm ? 12 : 0);
}

// Order matters: earlier patterns claim their characters first.
const PATTERNS: Pattern[] = [
  {
    re: /\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?/g,
    make: (m) => ({ kind: "money", text: m[0], cents: money(m[1], m[2]) }),
  },
  {
    re:
      /\b(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*(?:dollars|bucks|usd)\b/gi,
    make: (m) => ({ kind: "money", text: m[0], cents: money(m[1], m[2]) }),
  },
  {
    re: /\b(\d{4})-(\d{2})-(\d{2})\b/g,
    make: (m) => ({
      kind: "date",
      text: m[0],
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
    }),
  },
  {
    re: new RegExp(
      `\\b${WEEKDAY_SOURCE}${MONTH_SOURCE}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?!:\\d)(?:,?\\s+(\\d{4})\\b)?`,
      "gi",
    ),
    make: (m) => ({
      kind: "date",
      text: m[0],
      weekday: m[1] ? WEEKDAYS[m[1].toLowerCase()] : undefined,
      month: MONTHS[m[2].toLowerCase().slice(0, 3)],
      day: Number(m[3]),
      year: m[4] ? Number(m[4]) : undefined,
    }),
  },
  {
    re: new RegExp(
      `\\b${WEEKDAY_SOURCE}(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_SOURCE}\\b(?:,?\\s+(\\d{4})\\b)?`,
      "gi",
    ),
    make: (m) => ({
      kind: "date",
      text: m[0],
      weekday: m[1] ? WEEKDAYS[m[1].toLowerCase()] : undefined,
      month: MONTHS[m[3].toLowerCase().slice(0, 3)],
      day: Number(m[2]),
      year: m[4] ? Number(m[4]) : undefined,
    }),
  },
  {
    re: /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?\b/g,
    make: (m) => ({
      kind: "date",
      text: m[0],
      month: Number(m[1]),
      day: Number(m[2]),
      year: m[3] ? Number(m[3].length === 2 ? `20${m[3]}` : m[3]) : undefined,
    }),
  },
  {
    re: /\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?/gi,
    make: (m) => ({
      kind: "time",
      text: m[0],
      minutes: hour12(Number(m[1]), m[3]) * 60 + Number(m[2] ?? 0),
    }),
  },
  {
    re: /\b([01]?\d|2[0-3]):([0-5]\d)\b/g,
    make: (m) => ({
      kind: "time",
      text: m[0],
      minutes: Number(m[1]) * 60 + Number(m[2]),
    }),
  },
  {
    re: /\bnoon\b|\bmidday\b/gi,
    make: (m) => ({ kind: "time", text: m[0], minutes: 12 * 60 }),
  },
  {
    re: /\bmidnight\b/gi,
    make: (m) => ({ kind: "time", text: m[0], minutes: 0 }),
  },
  {
    re: /\d+(?:,\d{3})*(?:\.\d+)?/g,
    make: (m) => ({
      kind: "number",
      text: m[0],
      value: Number(m[0].replace(/,/g, "")),
    }),
  },
];

/** Every money amount, date, time and other number written in `text`. */
export function findNumbers(text: string): FoundNumber[] {
  const claimed: Array<[number, number]> = [];
  const found: Array<[number, FoundNumber]> = [];
  for (const { re, make } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (claimed.some(([s, e]) => start < e && s < end)) continue;
      const n = make(m);
      if (!n) continue;
      claimed.push([start, end]);
      found.push([start, n]);
    }
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, n]) => n);
}

/** An empty set of allowed numbers. */
export function emptyAllowed(): AllowedNumbers {
  return {
    cents: new Set(),
    minutes: new Set(),
    dates: new Set(),
    numbers: new Set(),
  };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Adds what a text (a tool's string, or a customer's message) says. */
function allowText(
  into: AllowedNumbers,
  text: string,
  opts: { all: boolean },
): void {
  for (const n of findNumbers(text)) {
    if (n.kind === "number") into.numbers.add(n.value);
    if (!opts.all) continue;
    if (n.kind === "money") into.cents.add(n.cents);
    else if (n.kind === "time") into.minutes.add(n.minutes);
    else if (n.kind === "date" && n.year) {
      into.dates.add(
        `${n.year}-${String(n.month).padStart(2, "0")}-${
          String(n.day).padStart(2, "0")
        }`,
      );
    } else if (n.kind === "date") {
      into.numbers.add(n.month).add(n.day);
      into.dates.add(
        `*-${String(n.month).padStart(2, "0")}-${
          String(n.day).padStart(2, "0")
        }`,
      );
    }
  }
}

/**
 * Collects what tool results allow: integers under keys ending in `Cents` are
 * money, "YYYY-MM-DD" strings are dates, "HH:MM" strings are times, other
 * numbers are plain numbers, and free text (FAQ answers, labels) is scanned
 * for all four kinds.
 */
export function allowFromToolResults(
  results: readonly unknown[],
  into: AllowedNumbers = emptyAllowed(),
): AllowedNumbers {
  const walk = (value: unknown, key: string) => {
    if (typeof value === "number") {
      if (/cents$/i.test(key)) into.cents.add(value);
      else into.numbers.add(value);
    } else if (typeof value === "string") {
      if (ISO_DATE.test(value)) into.dates.add(value);
      else if (HH_MM.test(value)) {
        const [h, m] = value.split(":").map(Number);
        into.minutes.add(h * 60 + m);
      } else if (!/^(?:https?:)?\/[^\s]*$/.test(value)) {
        allowText(into, value, { all: true });
      }
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v, key);
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  for (const r of results) walk(r, "");
  return into;
}

/** Adds the plain numbers of the customer's messages (guest counts, ZIPs they typed). */
export function allowCustomerCounts(
  messages: readonly string[],
  into: AllowedNumbers,
): AllowedNumbers {
  for (const m of messages) allowText(into, m, { all: false });
  return into;
}

function dateAllowed(
  n: Extract<FoundNumber, { kind: "date" }>,
  allowed: AllowedNumbers,
): boolean {
  const mm = String(n.month).padStart(2, "0");
  const dd = String(n.day).padStart(2, "0");
  const candidates = n.year
    ? [`${n.year}-${mm}-${dd}`]
    : [...allowed.dates].filter((d) => d.endsWith(`-${mm}-${dd}`));
  return candidates.some((d) => {
    if (!allowed.dates.has(d)) return false;
    if (n.weekday === undefined) return true;
    if (d.startsWith("*")) return false;
    const [y, m, day] = d.split("-").map(Number);
    return new Date(Date.UTC(y, m - 1, day)).getUTCDay() === n.weekday;
  });
}

/** Checks every number of `reply` against `allowed`. */
export function checkReplyNumbers(
  reply: string,
  allowed: AllowedNumbers,
): NumberCheck {
  const found = findNumbers(reply);
  const unsupported = found.filter((n) => {
    switch (n.kind) {
      case "money":
        return !allowed.cents.has(n.cents);
      case "time":
        return !allowed.minutes.has(n.minutes);
      case "date":
        return !dateAllowed(n, allowed);
      case "number":
        return !allowed.numbers.has(n.value);
    }
  });
  return { ok: unsupported.length === 0, found, unsupported };
}
