/**
 * Staff changes to a booking (issue 10 §3, SPEC §4): reschedule
 * (capacity-checked), edit the party and menu with a new server quote (the
 * SPEC cutoffs apply unless staff override them, which is audited), resend
 * a customer mail, and assign the best chef to every unassigned booking of a
 * day. Numbers are computed here from the live catalog (ADR 0003); the SQL
 * functions of migration 20261213100100 lock, check the caller, write the
 * history event and the audit row.
 *
 * @module
 */
import { BookingError } from "../bookings/errors.ts";
import { loadCatalog, schemaRules } from "../bookings/catalog.ts";
import {
  canChangeGuestCount,
  canChangeMenu,
  rescheduleFeeCents,
  slotStartInstant,
} from "../booking_window/mod.ts";
import type { Claims, Db, TransactionSql } from "../db/mod.ts";
import { withClaims } from "../db/mod.ts";
import { travelMiles } from "../geo/mod.ts";
import { priceQuote } from "../pricing/service.ts";
import { quoteBodySchema } from "../schemas/mod.ts";
import {
  type BookingState,
  bookingState,
  invisible,
  type StaffActor,
} from "./bookings.ts";
import { fromDbError, StaffError } from "./errors.ts";
import type {
  BulkAssignBody,
  PartyBody,
  RescheduleBody,
  ResendBody,
} from "./schemas.ts";

async function run<T>(
  db: Db,
  claims: Claims,
  fn: (tx: TransactionSql) => Promise<T>,
): Promise<T> {
  try {
    return await withClaims(db, claims, fn);
  } catch (err) {
    if (err instanceof BookingError) {
      throw new StaffError(err.status, err.code, err.message, err.issues);
    }
    const mapped = fromDbError(err);
    if (mapped) throw mapped;
    throw err;
  }
}

interface CurrentBooking {
  id: string;
  status: string;
  event_date: string;
  slot_time: string;
  reschedule_count: number;
  adults: number;
  children: number;
  under6: number;
  proteins: Record<string, number>;
  extra_proteins: Record<string, number>;
  addons: Record<string, number>;
  zip: string;
  quote: Record<string, unknown>;
  total_cents: number;
  deposit_cents: number;
  location_id: string;
  location_slug: string;
  location_name: string;
  location_zip: string;
  timezone: string;
}

/**
 * The booking as the caller may change it. An invisible or unknown
 * reference is answered by app.staff_lock_booking's own 404/403 (and a chef
 * gets its 403 there too).
 */
async function current(
  tx: TransactionSql,
  reference: string,
): Promise<CurrentBooking | null> {
  const ref = reference.trim().toUpperCase();
  const [b] = await tx<CurrentBooking[]>`
    select b.id, b.status, b.event_date::text as event_date, b.slot_time,
      b.reschedule_count, b.adults, b.children, b.under6, b.proteins,
      b.extra_proteins, b.addons, b.zip, b.quote, b.total_cents,
      b.deposit_cents, l.id as location_id, l.slug as location_slug,
      l.name as location_name, l.zip as location_zip, l.timezone
    from public.bookings b join public.locations l on l.id = b.location_id
    where b.reference = ${ref}`;
  if (!b) return null;
  const [{ ok }] = await tx<{ ok: boolean }[]>`
    select app.can_manage_location(${b.location_id}::uuid) as ok`;
  if (!ok) {
    throw new StaffError(
      403,
      "FORBIDDEN",
      "Only managers of the booking's location and admins change bookings.",
    );
  }
  return b;
}

/**
 * Runs `fn` on the booking the caller may change; an unknown reference is
 * 404 and one of another location 403 (existence checked privileged, as the
 * detail page does).
 */
async function withBooking<T>(
  db: Db,
  actor: StaffActor,
  reference: string,
  fn: (tx: TransactionSql, b: CurrentBooking) => Promise<T>,
): Promise<T> {
  const out = await run(db, actor.claims, async (tx) => {
    const b = await current(tx, reference);
    return b ? { value: await fn(tx, b) } : null;
  });
  if (!out) return await invisible(db, reference.trim().toUpperCase());
  return out.value;
}

/** What a reschedule answers: the booking, the fee charged, the chef kept or not. */
export interface RescheduleResult extends BookingState {
  feeCents: number;
}

/**
 * `POST /api/staff/bookings/{ref}/reschedule`: moves a pending/confirmed
 * booking to another start in the future; the SPEC fee (first reschedule
 * free up to 24 h before, else 10000) unless `waiveFee` (audited); 409
 * `SLOT_FULL` when the new slot has no capacity.
 */
export async function rescheduleByStaff(
  db: Db,
  actor: StaffActor,
  reference: string,
  input: RescheduleBody,
  now: Date,
): Promise<RescheduleResult> {
  return await withBooking(db, actor, reference, async (tx, b) => {
    const catalog = await loadCatalog(tx);
    if (!catalog.settings.slotTimes.includes(input.time)) {
      throw new StaffError(422, "VALIDATION_FAILED", "Pick a start time.", [{
        path: "time",
        message: `must be one of ${catalog.settings.slotTimes.join(", ")}`,
      }]);
    }
    if (slotStartInstant(input.date, input.time, b.timezone) <= now) {
      throw new StaffError(422, "VALIDATION_FAILED", "Pick a future start.", [
        { path: "date", message: "the new start has passed" },
      ]);
    }
    if (input.date === b.event_date && input.time === b.slot_time) {
      throw new StaffError(422, "VALIDATION_FAILED", "Nothing to change.", [
        {
          path: "date",
          message: "the booking is already at that date and time",
        },
      ]);
    }
    const fee = input.waiveFee ? 0 : rescheduleFeeCents(
      slotStartInstant(b.event_date, b.slot_time, b.timezone),
      now,
      b.reschedule_count,
      catalog.settings,
    );
    const [row] = await tx<{ r: Record<string, unknown> }[]>`
      select app.staff_reschedule_booking(${reference.trim().toUpperCase()},
        ${input.date}::date, ${input.time}, ${fee}::int, ${
      input.reason ?? null
    },
        ${input.waiveFee ?? false}, ${
      input.expectedUpdatedAt ?? null
    }::timestamptz) as r`;
    return { ...bookingState(row.r), feeCents: fee };
  });
}

function sameCounts(
  a: Record<string, number> | undefined,
  b: Record<string, number> | undefined,
): boolean {
  const clean = (c: Record<string, number> | undefined) =>
    JSON.stringify(
      Object.entries(c ?? {}).filter(([, n]) => n > 0).sort(([x], [y]) =>
        x < y ? -1 : x > y ? 1 : 0
      ),
    );
  return clean(a) === clean(b);
}

/** The gratuity percent a stored quote was priced with (0 when unknown). */
function gratuityPercentOf(quote: Record<string, unknown>): number {
  const g = Number(quote.gratuityCents ?? 0);
  const base = Number(quote.foodSubtotalCents ?? 0) +
    Number(quote.minimumAdjustmentCents ?? 0);
  if (!Number.isFinite(g) || !Number.isFinite(base) || g <= 0 || base <= 0) {
    return 0;
  }
  return Math.min(50, Math.max(0, Math.round((g * 100) / base)));
}

/** The booking facts a party change is priced from. */
export interface PartyBaseline {
  status: string;
  event_date: string;
  slot_time: string;
  adults: number;
  children: number;
  under6: number;
  proteins: Record<string, number>;
  extra_proteins: Record<string, number>;
  addons: Record<string, number>;
  zip: string;
  quote: Record<string, unknown>;
  total_cents: number;
  deposit_cents: number;
  location_id: string;
  location_slug: string;
  location_name: string;
  location_zip: string;
  timezone: string;
}

/** The new party and menu (counts per menu code). */
export interface PartyChangeInput {
  adults: number;
  children: number;
  under6?: number;
  proteins: Record<string, number>;
  extraProteins?: Record<string, number>;
  addons?: Record<string, number>;
}

/** A priced party change, or why it cannot be priced. */
export type PartyRequote =
  | {
    ok: true;
    /** The new party as stored (camelCase quote body). */
    body: {
      adults: number;
      children: number;
      under6: number;
      proteins: Record<string, number>;
      extraProteins: Record<string, number>;
      addons: Record<string, number>;
    };
    quote: ReturnType<typeof priceQuote>;
    /** New total: the new quote plus fees already charged (reschedules). */
    total: number;
    /** New deposit: re-priced while unpaid, else the deposit agreed. */
    deposit: number;
    guestsChanged: boolean;
    menuChanged: boolean;
    /** SPEC cutoffs already passed for what changes: "guest_count", "menu". */
    pastCutoff: string[];
  }
  | {
    ok: false;
    message: string;
    issues: { path: string; message: string }[];
  };

/**
 * Re-quotes booking `b` with a new party and menu at `now` with the live
 * `catalog` (ADR 0003): the same ZIP, base and gratuity percent, fees already
 * charged kept on the total. Staff edits and the customer's manage page
 * both price changes here (ADR 0027). Pure.
 */
export function requoteParty(
  b: PartyBaseline,
  input: PartyChangeInput,
  catalog: Awaited<ReturnType<typeof loadCatalog>>,
  now: Date,
): PartyRequote {
  const body = {
    adults: input.adults,
    children: input.children,
    under6: input.under6 ?? 0,
    proteins: input.proteins,
    extraProteins: input.extraProteins ?? {},
    addons: input.addons ?? {},
    zip: b.zip,
    gratuityPercent: gratuityPercentOf(b.quote),
  };
  const parsed = quoteBodySchema(schemaRules(catalog)).safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      message: "The party does not fit the menu.",
      issues: parsed.error.issues.map((i) => ({
        path: i.path.join("."),
        message: i.message,
      })),
    };
  }
  const start = slotStartInstant(b.event_date, b.slot_time, b.timezone);
  const guestsChanged = body.adults !== b.adults ||
    body.children !== b.children || body.under6 !== b.under6;
  const menuChanged = !sameCounts(body.proteins, b.proteins) ||
    !sameCounts(body.extraProteins, b.extra_proteins) ||
    !sameCounts(body.addons, b.addons);
  if (!guestsChanged && !menuChanged) {
    return {
      ok: false,
      message: "Nothing to change.",
      issues: [{ path: "", message: "the party and menu are unchanged" }],
    };
  }
  const pastCutoff: string[] = [];
  if (guestsChanged && !canChangeGuestCount(start, now, catalog.settings)) {
    pastCutoff.push("guest_count");
  }
  if (menuChanged && !canChangeMenu(start, now, catalog.settings)) {
    pastCutoff.push("menu");
  }
  const location = {
    id: b.location_id,
    slug: b.location_slug,
    name: b.location_name,
    zip: b.location_zip,
    timezone: b.timezone,
    // The booking's own base: no choice between bases to order.
    sortOrder: 0,
  };
  const travel = travelMiles(location.zip, b.zip);
  if (!travel.ok) {
    return {
      ok: false,
      message: travel.message,
      issues: [{ path: "zip", message: travel.message }],
    };
  }
  const quote = priceQuote(parsed.data, location, catalog);
  // Fees charged since booking (reschedule fees) stay on the total.
  const carried = Math.max(
    0,
    b.total_cents - Number(b.quote.totalCents ?? b.total_cents),
  );
  const total = quote.totalCents + carried;
  const deposit = b.status === "pending_deposit"
    ? Math.min(quote.depositCents, total)
    : Math.min(b.deposit_cents, total);
  return {
    ok: true,
    body: {
      adults: body.adults,
      children: body.children,
      under6: body.under6,
      proteins: body.proteins,
      extraProteins: body.extraProteins,
      addons: body.addons,
    },
    quote,
    total,
    deposit,
    guestsChanged,
    menuChanged,
    pastCutoff,
  };
}

/** What a party edit answers: the booking and the cutoffs overridden. */
export interface PartyResult extends BookingState {
  quote: unknown;
  overrides: string[];
}

/**
 * `PUT /api/staff/bookings/{ref}/party`: re-quotes the new party and menu
 * with the live catalog (fees already charged are kept); after the SPEC
 * cutoffs (guest count 24 h, menu 12 h before) it answers 409
 * `CUTOFF_PASSED` unless `override: true` (then audited).
 */
export async function editPartyByStaff(
  db: Db,
  actor: StaffActor,
  reference: string,
  input: PartyBody,
  now: Date,
): Promise<PartyResult> {
  return await withBooking(db, actor, reference, async (tx, b) => {
    const catalog = await loadCatalog(tx);
    const change = requoteParty(b, input, catalog, now);
    if (!change.ok) {
      throw new StaffError(
        422,
        "VALIDATION_FAILED",
        change.message,
        change.issues,
      );
    }
    const { body, quote, total, deposit } = change;
    const overrides = change.pastCutoff;
    if (overrides.length && !input.override) {
      throw new StaffError(
        409,
        "CUTOFF_PASSED",
        `The ${
          overrides.map((o) => o.replace("_", " ")).join(" and ")
        } is final this close to the event; confirm the override to change it anyway.`,
      );
    }
    const [row] = await tx<{ r: Record<string, unknown> }[]>`
      select app.staff_edit_party(${reference.trim().toUpperCase()},
        ${
      tx.json({
        adults: body.adults,
        children: body.children,
        under6: body.under6,
        proteins: body.proteins,
        extra_proteins: body.extraProteins,
        addons: body.addons,
      })
    }, ${tx.json(quote as never)}, ${total}::int, ${deposit}::int,
        ${overrides}::text[], ${input.reason ?? null},
        ${input.expectedUpdatedAt ?? null}::timestamptz) as r`;
    return { ...bookingState(row.r), quote, overrides };
  });
}

/**
 * `POST /api/staff/bookings/{ref}/resend-mail`: queues the latest customer
 * mail of `kind` again (404 when none was ever queued). The caller wakes the
 * outbox.
 */
export async function resendMail(
  db: Db,
  actor: StaffActor,
  reference: string,
  input: ResendBody,
): Promise<{ notificationId: string; kind: string }> {
  return await run(db, actor.claims, async (tx) => {
    const [row] = await tx<{ id: string }[]>`
      select app.staff_resend_mail(${reference.trim().toUpperCase()},
        ${input.kind}) as id`;
    return { notificationId: row.id, kind: input.kind };
  });
}

/** One booking of a bulk assignment. */
export interface BulkAssignment {
  reference: string;
  chefId: string | null;
}

/**
 * `POST /api/staff/assignments`: the best available chef for every
 * unassigned pending/confirmed booking of a location's day (slot order),
 * with distances from lib/geo; bookings no chef can take stay unassigned
 * (`chefId: null`).
 */
export async function bulkAssign(
  db: Db,
  actor: StaffActor,
  input: BulkAssignBody,
): Promise<{ date: string; location: string; assignments: BulkAssignment[] }> {
  const isId = /^[0-9a-f-]{36}$/i.test(input.location);
  return await run(db, actor.claims, async (tx) => {
    const [loc] = await tx<{ id: string; slug: string }[]>`
      select id, slug from public.locations
      where ${
      isId ? tx`id = ${input.location}::uuid` : tx`slug = ${input.location}`
    }`;
    if (!loc) throw new StaffError(404, "NOT_FOUND", "No such location.");
    const pairs = await tx<
      { booking_id: string; zip: string; chef_id: string; home_zip: string }[]
    >`
      select b.id as booking_id, b.zip, c.id as chef_id, c.home_zip
      from public.bookings b
      join public.chefs c on c.location_id = b.location_id and c.active
      where b.location_id = ${loc.id}::uuid and b.event_date = ${input.date}::date
        and b.chef_id is null and b.status in ('pending_deposit', 'confirmed')`;
    const distances: Record<string, Record<string, number>> = {};
    for (const p of pairs) {
      const d = travelMiles(p.home_zip, p.zip);
      if (!d.ok) continue;
      (distances[p.booking_id] ??= {})[p.chef_id] = d.miles;
    }
    const [row] = await tx<
      { r: { reference: string; chef_id: string | null }[] }[]
    >`
      select app.assign_best_chefs(${loc.id}::uuid, ${input.date}::date,
        ${tx.json(distances)}) as r`;
    return {
      date: input.date,
      location: loc.slug,
      assignments: row.r.map((a) => ({
        reference: a.reference,
        chefId: a.chef_id,
      })),
    };
  });
}

/** What the booking page's change forms offer: start times and menu codes. */
export interface ChangeFormOptions {
  slotTimes: string[];
  proteins: { code: string; label: string }[];
  addons: { code: string; label: string }[];
}

/** The live catalog's start times and menu, for the booking page's forms. */
export async function changeFormOptions(
  db: Db,
  actor: StaffActor,
): Promise<ChangeFormOptions> {
  const catalog = await withClaims(db, actor.claims, (tx) => loadCatalog(tx), {
    readOnly: true,
  });
  const of = (kind: string) =>
    catalog.menu.filter((m) => m.kind === kind).map((m) => ({
      code: m.code,
      label: m.label,
    }));
  return {
    slotTimes: [...catalog.settings.slotTimes],
    proteins: of("protein"),
    addons: of("addon"),
  };
}
