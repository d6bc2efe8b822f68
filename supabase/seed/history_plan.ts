/**
 * Twelve months of booking history as plain data (no SQL): who booked what,
 * where, when, how it was paid and how it ended. Deterministic: a fixed PRNG
 * seed and fixed dates give the same plan on every run.
 *
 * Rules the plan keeps so the seed passes every trigger as it is:
 * - per slot, at most `capacity` bookings of ANY status (so no insert order can
 *   overfill a slot), each with a different chef who works that weekday;
 * - quotes are priced by `lib/pricing` with `lib/geo` miles, like the API.
 *
 * @module
 */
import { computeQuote, type Quote } from "../../lib/pricing/mod.ts";
import { DEFAULT_MENU, DEFAULT_PRICING } from "../../lib/pricing/mod.ts";
import { travelMiles, zipInfo } from "../../lib/geo/mod.ts";
import { slotStartInstant } from "../../lib/booking_window/zone.ts";

/** First and last event date of the history (inclusive). */
export const HISTORY_FROM = "2025-11-01";
export const HISTORY_TO = "2026-10-31";
/**
 * Upcoming bookings (confirmed, booked before HISTORY_TO) run from the day after
 * the history to this date. It stops well before "today + 3 weeks" of the
 * project's test runs (Nov 2026 on), whose API tests expect empty Fremont
 * Friday/Saturday slots in seeded databases.
 */
export const UPCOMING_TO = "2026-12-12";

const TZ = "America/Los_Angeles";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Seeded staff ids (supabase/seed.sql) that record manual payments and approvals. */
export const MANAGER_ID = "20000000-0000-4000-8000-000000000002";
export const ADMIN_ID = "20000000-0000-4000-8000-000000000001";

interface LocationPlan {
  id: string;
  slug: string;
  zip: string;
  /** Mean bookings per ordinary day before weekday and season factors. */
  base: number;
  /** Customer ZIPs around the location, most are within the free 30 miles. */
  zips: string[];
  chefs: { id: string; weekdays: number[] }[];
}

const LOCATIONS: LocationPlan[] = [
  {
    id: "10000000-0000-4000-8000-000000000001",
    slug: "fremont",
    zip: "94539",
    base: 0.98,
    zips: [
      "94536",
      "94538",
      "94539",
      "94555",
      "94560",
      "94587",
      "94544",
      "94545",
      "95035",
      "95131",
      "95123",
      "94566",
      "94588",
      "94550",
      "94086",
      "94040",
      "94301",
      "94025",
      "94103",
      "94110",
      "94611",
      "95020",
    ],
    chefs: [
      { id: "30000000-0000-4000-8000-000000000001", weekdays: [3, 4, 5, 6, 7] },
      { id: "30000000-0000-4000-8000-000000000002", weekdays: [1, 2, 5, 6, 7] },
      { id: "30000000-0000-4000-8000-000000000003", weekdays: [4, 5, 6, 7] },
      { id: "30000000-0000-4000-8000-000000000004", weekdays: [1, 2, 3, 6, 7] },
    ],
  },
  {
    id: "10000000-0000-4000-8000-000000000002",
    slug: "sacramento",
    zip: "95814",
    base: 0.68,
    zips: [
      "95814",
      "95816",
      "95818",
      "95822",
      "95825",
      "95630",
      "95661",
      "95670",
      "95758",
      "95616",
      "95608",
      "95762",
      "95691",
      "95677",
      "95648",
      "95603",
      "95240",
      "95695",
    ],
    chefs: [
      { id: "30000000-0000-4000-8000-000000000005", weekdays: [1, 5, 6, 7] },
      { id: "30000000-0000-4000-8000-000000000006", weekdays: [3, 4, 5, 6, 7] },
    ],
  },
];

/** ISO weekday (1 = Monday) → demand factor: weekends are the business. */
const WEEKDAY_FACTOR = [0, 0.3, 0.25, 0.3, 0.4, 1.2, 1.8, 1.3];
/** Month (1–12) → demand factor: summer parties and December holidays. */
const MONTH_FACTOR = [
  0,
  0.7,
  0.75,
  0.9,
  1.0,
  1.1,
  1.45,
  1.5,
  1.35,
  1.0,
  0.95,
  1.05,
  1.6,
];
/** Slot weights (12:00, 15:00, 18:00, 21:00): evenings first, lunch on weekends. */
const SLOT_WEIGHTS_WEEKEND = [0.14, 0.2, 0.5, 0.16];
const SLOT_WEIGHTS_WEEKDAY = [0.04, 0.08, 0.68, 0.2];
const SLOTS = ["12:00", "15:00", "18:00", "21:00"];

const BASE_PROTEINS: [string, number][] = [
  ["chicken", 10],
  ["steak", 9],
  ["shrimp", 8],
  ["calamari", 2],
  ["tofu", 2],
];
const PREMIUM_PROTEINS: [string, number][] = [
  ["filet_mignon", 4],
  ["salmon", 3],
  ["scallops", 2],
  ["lobster_tail", 2],
];
const ADDONS: [string, number][] = [
  ["yakisoba", 4],
  ["extra_fried_rice", 4],
  ["gyoza", 3],
  ["edamame", 3],
  [
    "extra_vegetables",
    2,
  ],
];
const FIRST = [
  "Alex",
  "Jordan",
  "Taylor",
  "Casey",
  "Riley",
  "Jamie",
  "Morgan",
  "Avery",
  "Quinn",
  "Priya",
  "Wei",
  "Hiro",
  "Sofia",
  "Mateo",
  "Olivia",
  "Liam",
  "Emma",
  "Noah",
  "Ava",
  "Ethan",
  "Mia",
  "Lucas",
  "Chloe",
  "Aarav",
  "Grace",
  "Daniel",
  "Hannah",
  "Kevin",
  "Linh",
  "Carlos",
  "Fatima",
  "Omar",
  "Nina",
  "Derek",
  "Tina",
  "Victor",
];
const LAST = [
  "Nguyen",
  "Garcia",
  "Smith",
  "Patel",
  "Chen",
  "Johnson",
  "Lee",
  "Martinez",
  "Kim",
  "Brown",
  "Singh",
  "Lopez",
  "Wang",
  "Davis",
  "Tran",
  "Wilson",
  "Hernandez",
  "Park",
  "Clark",
  "Ramirez",
  "Liu",
  "Young",
  "Wright",
  "Shah",
  "Flores",
  "Ito",
];
const STREETS = [
  "Mission Blvd",
  "Oak St",
  "Maple Ave",
  "Sunset Dr",
  "Lakeview Ct",
  "Cedar Ln",
  "Paseo Padre Pkwy",
  "Walnut Ave",
  "Hillside Dr",
  "River Rd",
  "Vineyard Way",
  "Willow St",
  "Park Ave",
  "Orchard Ln",
  "Canyon Rd",
  "Harbor Way",
];

/** How a booking's story ends. */
export type Outcome =
  | "completed"
  | "cancelled_early"
  | "cancelled_late"
  | "no_show"
  | "expired"
  | "upcoming"
  | "upcoming_cancellation_requested";

/** A payment the plan records (ledger row). */
export interface PaymentPlan {
  kind: "deposit" | "balance" | "refund";
  method: "card" | "zelle" | "venmo" | "cash";
  amountCents: number;
  provider: "stripe" | "manual";
  providerReference: string | null;
  recordedBy: string | null;
  at: string;
}

/** One customer of the CRM. */
export interface CustomerPlan {
  id: string;
  email: string;
  name: string;
  phone: string;
  createdAt: string;
}

/** One booking and its whole story. */
export interface BookingPlan {
  id: string;
  reference: string;
  manageTokenHash: string;
  locationId: string;
  eventDate: string;
  slotTime: string;
  adults: number;
  children: number;
  under6: number;
  proteins: Record<string, number>;
  extraProteins: Record<string, number>;
  addons: Record<string, number>;
  addressLine1: string;
  city: string;
  state: string;
  zip: string;
  customerId: string;
  quote: Quote;
  paymentMethod: "card" | "zelle" | "venmo";
  chefId: string | null;
  createdAt: string;
  depositDueAt: string;
  outcome: Outcome;
  /** Status changes after creation (deposit confirmation is the trigger's). */
  steps: {
    at: string;
    status?: string;
    chefId?: string;
    actor: string;
    note?: string;
  }[];
  payments: PaymentPlan[];
}

/** The whole plan. */
export interface HistoryPlan {
  customers: CustomerPlan[];
  bookings: BookingPlan[];
}

/** mulberry32: small, fast, and the same sequence everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uuid v4-shaped id from a namespace digit and a counter (readable, unique). */
function seedUuid(kind: number, n: number): string {
  const hex = n.toString(16).padStart(12, "0");
  return `5${kind}000000-0000-4000-8000-${hex}`;
}

const REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

function isoDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (
    let t = Date.parse(`${from}T00:00:00Z`);
    t <= Date.parse(`${to}T00:00:00Z`);
    t += DAY
  ) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

function isoWeekday(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** Builds the deterministic plan. */
export function buildHistoryPlan(seed = 20251101): HistoryPlan {
  const rnd = prng(seed);
  const int = (lo: number, hi: number) =>
    lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const weighted = (pairs: readonly [string, number][]): string => {
    let r = rnd() * pairs.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of pairs) if ((r -= w) < 0) return v;
    return pairs[pairs.length - 1][0];
  };
  const iso = (ms: number) => new Date(ms).toISOString();

  const customers: CustomerPlan[] = [];
  const byLocation = new Map<string, CustomerPlan[]>();
  const bookings: BookingPlan[] = [];
  const refs = new Set<string>();
  let payRef = 0;

  const newReference = (): string => {
    for (;;) {
      let r = "MH-";
      for (let i = 0; i < 6; i++) r += REF_ALPHABET[int(0, 29)];
      if (!refs.has(r)) {
        refs.add(r);
        return r;
      }
    }
  };
  const customerFor = (loc: LocationPlan, createdMs: number): CustomerPlan => {
    const known = byLocation.get(loc.id) ?? [];
    // About one booking in four comes from a returning customer.
    if (known.length > 10 && rnd() < 0.25) return pick(known);
    const n = customers.length + 1;
    const first = pick(FIRST);
    const last = pick(LAST);
    const c: CustomerPlan = {
      id: seedUuid(1, n),
      email: `${first}.${last}.${n}@example.com`.toLowerCase(),
      name: `${first} ${last}`,
      phone: `+1 ${loc.slug === "fremont" ? "510" : "916"} 555 ${
        String(n % 10000).padStart(4, "0")
      }`,
      createdAt: iso(createdMs),
    };
    customers.push(c);
    known.push(c);
    byLocation.set(loc.id, known);
    return c;
  };
  const provider = (method: string, kind: string): Pick<
    PaymentPlan,
    "provider" | "providerReference" | "recordedBy"
  > => {
    payRef++;
    const n = payRef.toString(36).toUpperCase().padStart(6, "0");
    if (method === "card") {
      return {
        provider: "stripe",
        providerReference: `${kind === "refund" ? "re" : "pi"}_seed${n}`,
        recordedBy: null,
      };
    }
    if (method === "cash") {
      return {
        provider: "manual",
        providerReference: null,
        recordedBy: MANAGER_ID,
      };
    }
    return {
      provider: "manual",
      providerReference: `${method === "zelle" ? "ZL" : "VM"}-SEED-${n}`,
      recordedBy: rnd() < 0.8 ? MANAGER_ID : ADMIN_ID,
    };
  };

  const days = [
    ...isoDays(HISTORY_FROM, HISTORY_TO).map((d) => ({ d, upcoming: false })),
    ...isoDays("2026-11-01", UPCOMING_TO).map((d) => ({ d, upcoming: true })),
  ];
  for (const { d, upcoming } of days) {
    const dow = isoWeekday(d);
    const month = Number(d.slice(5, 7));
    for (const loc of LOCATIONS) {
      const working = loc.chefs.filter((c) => c.weekdays.includes(dow));
      if (working.length === 0) continue;
      // Upcoming dates are thinner: many of those parties have not booked yet.
      const mean = loc.base * WEEKDAY_FACTOR[dow] * MONTH_FACTOR[month] *
        (upcoming ? 0.55 : 1);
      // Binomial over 8 tries approximates a Poisson draw with this mean.
      let want = 0;
      for (let i = 0; i < 8; i++) if (rnd() < mean / 8) want++;
      const used = new Map<string, string[]>();
      for (let k = 0; k < want; k++) {
        const weights = dow >= 5 ? SLOT_WEIGHTS_WEEKEND : SLOT_WEIGHTS_WEEKDAY;
        const slot = weighted(SLOTS.map((s, i) => [s, weights[i]]));
        const taken = used.get(slot) ?? [];
        const free = working.filter((c) => !taken.includes(c.id));
        if (free.length === 0) continue;
        const chef = pick(free);
        used.set(slot, [...taken, chef.id]);
        bookings.push(planBooking(loc, d, slot, chef.id, upcoming));
      }
    }
  }
  bookings.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return { customers, bookings };

  function planBooking(
    loc: LocationPlan,
    date: string,
    slot: string,
    chefId: string,
    upcoming: boolean,
  ): BookingPlan {
    const startMs = slotStartInstant(date, slot, TZ).getTime();
    const month = Number(date.slice(5, 7));
    // Lead time: 3–45 days, holiday parties book further ahead.
    const leadDays = int(3, month === 12 ? 60 : 45);
    let createdMs = startMs - leadDays * DAY - int(0, 23) * HOUR -
      int(0, 59) * 60_000;
    if (upcoming) {
      createdMs = Math.min(
        createdMs,
        Date.parse("2026-10-31T20:00:00Z") - int(0, 40) * DAY,
      );
    }

    // Party: 8–30 eaters, mostly adults, some kids and toddlers.
    const adults = Math.min(
      30,
      6 + Math.floor(Math.abs(rnd() + rnd() + rnd() - 1.2) * 9),
    );
    const children = rnd() < 0.45 ? int(1, 6) : 0;
    const eaters = Math.max(8, Math.min(30, adults + children));
    const adultsFinal = eaters - children;
    const under6 = rnd() < 0.25 ? int(1, 3) : 0;

    // Two servings per eater over two or three proteins.
    const servings = 2 * eaters;
    const kinds = rnd() < 0.45 ? 3 : 2;
    const proteins: Record<string, number> = {};
    let left = servings;
    for (let i = 0; i < kinds; i++) {
      const code = rnd() < 0.22
        ? weighted(PREMIUM_PROTEINS)
        : weighted(BASE_PROTEINS);
      const n = i === kinds - 1
        ? left
        : Math.max(1, Math.round(left * (0.35 + rnd() * 0.3)));
      proteins[code] = (proteins[code] ?? 0) + n;
      left -= n;
    }
    const extraProteins: Record<string, number> = {};
    if (rnd() < 0.3) {
      extraProteins[
        rnd() < 0.4 ? weighted(PREMIUM_PROTEINS) : weighted(BASE_PROTEINS)
      ] = int(1, 6);
    }
    const addons: Record<string, number> = {};
    const addonKinds = rnd() < 0.55 ? int(1, 3) : 0;
    for (let i = 0; i < addonKinds; i++) {
      const code = weighted(ADDONS);
      addons[code] = (addons[code] ?? 0) +
        int(2, Math.max(3, Math.ceil(eaters / 2)));
    }

    const zip = rnd() < 0.85 ? pick(loc.zips.slice(0, 12)) : pick(loc.zips);
    const miles = travelMiles(loc.zip, zip);
    if (!miles.ok) throw new Error(`seed ZIP ${zip} unknown to lib/geo`);
    const info = zipInfo(zip)!;
    const gratuityPercent = rnd() < 0.5 ? 0 : pick([15, 18, 20, 20, 20, 25]);
    const quote = computeQuote(
      {
        adults: adultsFinal,
        children,
        under6,
        proteins,
        extraProteins,
        addons,
        zip,
        gratuityPercent,
      },
      DEFAULT_PRICING,
      DEFAULT_MENU,
      { miles: miles.miles },
    );
    const customer = customerFor(loc, createdMs);
    const paymentMethod = weighted([["card", 65], ["zelle", 20], [
      "venmo",
      15,
    ]]) as
      | "card"
      | "zelle"
      | "venmo";

    const r = rnd();
    const outcome: Outcome = upcoming
      ? (r < 0.08 ? "upcoming_cancellation_requested" : "upcoming")
      : r < 0.05
      ? "expired"
      : r < 0.1
      ? "cancelled_early"
      : r < 0.125
      ? "cancelled_late"
      : r < 0.145
      ? "no_show"
      : "completed";

    const steps: BookingPlan["steps"] = [];
    const payments: PaymentPlan[] = [];
    const depositDueMs = createdMs + DAY;
    const endMs = startMs +
      (eaters <= 10 ? 90 : eaters <= 20 ? 105 : 120) * 60_000;
    let assigned: string | null = null;
    if (outcome === "expired") {
      steps.push({
        at: iso(depositDueMs + int(1, 50) * 60_000),
        status: "expired",
        actor: "system",
      });
    } else {
      const paidMs = createdMs + int(10, 20 * 60) * 60_000;
      payments.push({
        kind: "deposit",
        method: paymentMethod,
        amountCents: quote.depositCents,
        at: iso(paidMs),
        ...provider(paymentMethod, "deposit"),
      });
      // A manager assigns the chef within a couple of days of the deposit.
      const assignMs = Math.min(
        paidMs + int(2, 48) * HOUR,
        startMs - 30 * HOUR,
      );
      steps.push({
        at: iso(Math.max(assignMs, paidMs + 60_000)),
        chefId,
        actor: "staff",
      });
      assigned = chefId;
      if (outcome === "completed") {
        const balanceMethod = paymentMethod === "card"
          ? (rnd() < 0.85 ? "card" : "cash")
          : (rnd() < 0.5 ? paymentMethod : "cash");
        const balanceMs = balanceMethod === "card"
          ? startMs - int(24, 60) * HOUR
          : endMs + int(0, 20) * 60_000;
        if (quote.balanceDueCents > 0) {
          payments.push({
            kind: "balance",
            method: balanceMethod,
            amountCents: quote.balanceDueCents,
            at: iso(balanceMs),
            ...provider(balanceMethod, "balance"),
          });
        }
        steps.push({
          at: iso(endMs + int(30, 180) * 60_000),
          status: "completed",
          actor: "staff",
        });
      } else if (outcome === "no_show") {
        steps.push({
          at: iso(startMs + int(45, 90) * 60_000),
          status: "no_show",
          actor: "staff",
          note: "Nobody at the address; deposit forfeited.",
        });
      } else if (
        outcome === "cancelled_early" || outcome === "cancelled_late"
      ) {
        const earliest = Math.max(paidMs + 3 * HOUR, createdMs + DAY);
        const askMs = outcome === "cancelled_early"
          ? Math.max(earliest, startMs - int(97, 24 * 20) * HOUR)
          : startMs - int(26, 90) * HOUR;
        const requestMs = Math.max(askMs, Date.parse(steps[0].at) + HOUR);
        const early = startMs - requestMs >= 96 * HOUR;
        steps.push({
          at: iso(requestMs),
          status: "cancellation_requested",
          actor: "customer",
        });
        const approvedMs = requestMs + int(1, 18) * HOUR;
        steps.push({
          at: iso(approvedMs),
          status: "cancelled",
          actor: "staff",
          note: early
            ? "Cancelled 96 h or more before the event: deposit refunded."
            : "Cancelled less than 96 h before the event: deposit forfeited.",
        });
        if (early) {
          payments.push({
            kind: "refund",
            method: paymentMethod,
            amountCents: quote.depositCents,
            at: iso(approvedMs + int(5, 120) * 60_000),
            ...provider(paymentMethod, "refund"),
          });
        }
      } else if (outcome === "upcoming_cancellation_requested") {
        steps.push({
          at: iso(
            Math.max(
              Date.parse(steps[0].at) + HOUR,
              Date.parse("2026-10-30T18:00:00Z"),
            ),
          ),
          status: "cancellation_requested",
          actor: "customer",
        });
      }
    }

    return {
      id: seedUuid(2, bookings.length + 1),
      reference: newReference(),
      manageTokenHash: "",
      locationId: loc.id,
      eventDate: date,
      slotTime: slot,
      adults: adultsFinal,
      children,
      under6,
      proteins,
      extraProteins,
      addons,
      addressLine1: `${int(10, 9999)} ${pick(STREETS)}`,
      city: info.city,
      state: info.state,
      zip,
      customerId: customer.id,
      quote,
      paymentMethod,
      chefId: assigned,
      createdAt: iso(createdMs),
      depositDueAt: iso(depositDueMs),
      outcome,
      steps,
      payments,
    };
  }
}
