/**
 * The staff calendar (slots, bookings, chefs, blackouts, time off) and a
 * chef's prep list, read under the caller's claims (SPEC §5 GET
 * /api/staff/calendar and /api/staff/prep-list).
 *
 * @module
 */
import type { Db } from "../db/mod.ts";
import type { BookingStatus } from "../booking_status/mod.ts";
import { buildPrepList, type PrepList } from "../prep_list/mod.ts";
import { forbidden, fromDbError, notFound, StaffError } from "./errors.ts";
import type { CalendarQuery, PrepListQuery } from "./schemas.ts";
import { mapUrl, type StaffActor } from "./bookings.ts";
import { withClaims } from "../db/mod.ts";

/** One slot of one day. */
export interface CalendarSlot {
  time: string;
  capacity: number;
  reserved: number;
  available: number;
  bookings: {
    reference: string;
    status: string;
    guests: number;
    chef: { id: string; name: string } | null;
  }[];
}

/** The calendar answer. */
export interface Calendar {
  location: { id: string; slug: string; name: string; timezone: string };
  from: string;
  to: string;
  dates: { date: string; blackout: string | null; slots: CalendarSlot[] }[];
  timeOff: {
    id: string;
    chefId: string;
    chefName: string;
    startsOn: string;
    endsOn: string;
    status: string;
    reason: string | null;
  }[];
}

/** `GET /api/staff/calendar?from&to&location`. */
export async function calendar(
  db: Db,
  actor: StaffActor,
  query: CalendarQuery,
): Promise<Calendar> {
  const isId = /^[0-9a-f-]{36}$/i.test(query.location);
  return await withClaims(db, actor.claims, async (tx) => {
    const [loc] = await tx<
      { id: string; slug: string; name: string; timezone: string }[]
    >`
      select id, slug, name, timezone from public.locations
      where ${
      isId ? tx`id = ${query.location}::uuid` : tx`slug = ${query.location}`
    }`;
    if (!loc) throw notFound("location");
    const slots = await tx<
      {
        event_date: string;
        slot_time: string;
        capacity: number;
        reserved: number;
        available: number;
      }[]
    >`
      select event_date::text as event_date, slot_time, capacity, reserved, available
      from public.slot_availability(${loc.id}::uuid, ${query.from}::date, ${query.to}::date)
      order by event_date, slot_time`;
    const bookings = await tx<
      {
        reference: string;
        status: string;
        event_date: string;
        slot_time: string;
        guests: number;
        chef_id: string | null;
        chef_name: string | null;
      }[]
    >`
      select b.reference, b.status, b.event_date::text as event_date, b.slot_time,
        (b.adults + b.children + b.under6)::int as guests, b.chef_id,
        c.display_name as chef_name
      from public.bookings b left join public.chefs c on c.id = b.chef_id
      where b.location_id = ${loc.id}::uuid
        and b.event_date between ${query.from}::date and ${query.to}::date
      order by b.event_date, b.slot_time, b.reference`;
    const blackouts = await tx<
      { blackout_date: string; reason: string | null }[]
    >`
      select blackout_date::text as blackout_date, reason from public.blackout_dates
      where location_id = ${loc.id}::uuid
        and blackout_date between ${query.from}::date and ${query.to}::date`;
    const timeOff = await tx<
      {
        id: string;
        chef_id: string;
        chef_name: string;
        starts_on: string;
        ends_on: string;
        status: string;
        reason: string | null;
      }[]
    >`
      select t.id, t.chef_id, c.display_name as chef_name,
        t.starts_on::text as starts_on, t.ends_on::text as ends_on, t.status, t.reason
      from public.chef_time_off t join public.chefs c on c.id = t.chef_id
      where c.location_id = ${loc.id}::uuid and t.status in ('requested', 'approved')
        and t.starts_on <= ${query.to}::date and t.ends_on >= ${query.from}::date
      order by t.starts_on, c.display_name`;
    const blackoutOf = new Map(
      blackouts.map((b) => [b.blackout_date, b.reason ?? "closed"]),
    );
    const days = new Map<string, CalendarSlot[]>();
    for (
      const d = new Date(`${query.from}T00:00:00Z`);
      d.toISOString().slice(0, 10) <= query.to;
      d.setUTCDate(d.getUTCDate() + 1)
    ) days.set(d.toISOString().slice(0, 10), []);
    const slotIndex = new Map<string, CalendarSlot>();
    for (const s of slots) {
      const slot: CalendarSlot = {
        time: s.slot_time,
        capacity: s.capacity,
        reserved: s.reserved,
        available: s.available,
        bookings: [],
      };
      days.get(s.event_date)?.push(slot);
      slotIndex.set(`${s.event_date} ${s.slot_time}`, slot);
    }
    for (const b of bookings) {
      const key = `${b.event_date} ${b.slot_time}`;
      let slot = slotIndex.get(key);
      if (!slot) {
        slot = {
          time: b.slot_time,
          capacity: 0,
          reserved: 0,
          available: 0,
          bookings: [],
        };
        days.get(b.event_date)?.push(slot);
        slotIndex.set(key, slot);
      }
      slot.bookings.push({
        reference: b.reference,
        status: b.status,
        guests: b.guests,
        chef: b.chef_id ? { id: b.chef_id, name: b.chef_name ?? "" } : null,
      });
    }
    return {
      location: loc,
      from: query.from,
      to: query.to,
      dates: [...days].map(([date, s]) => ({
        date,
        blackout: blackoutOf.get(date) ?? null,
        slots: s.sort((a, b) => (a.time < b.time ? -1 : 1)),
      })),
      timeOff: timeOff.map((t) => ({
        id: t.id,
        chefId: t.chef_id,
        chefName: t.chef_name,
        startsOn: t.starts_on,
        endsOn: t.ends_on,
        status: t.status,
        reason: t.reason,
      })),
    };
  }, { readOnly: true });
}

/**
 * `GET /api/staff/prep-list?date&chef`: a chef gets their own list (no
 * `chef` needed, another chef's is refused); managers and admins name one.
 */
export async function prepList(
  db: Db,
  actor: StaffActor,
  query: PrepListQuery,
): Promise<PrepList> {
  return await withClaims(db, actor.claims, async (tx) => {
    let chefId = query.chef;
    if (actor.role === "chef") {
      const [own] = await tx<{ id: string }[]>`
        select id from public.chefs where user_id = auth.uid()`;
      if (!own) throw forbidden("You have no chef profile.");
      if (chefId && chefId !== own.id) {
        throw forbidden("Chefs see only their own prep list.");
      }
      chefId = own.id;
    }
    if (!chefId) {
      throw new StaffError(422, "VALIDATION_FAILED", "Name a chef.", [
        { path: "chef", message: "required" },
      ]);
    }
    const [chef] = await tx<{ id: string; display_name: string }[]>`
      select id, display_name from public.chefs where id = ${chefId}::uuid`;
    if (!chef) throw notFound("chef");
    const rows = await tx<
      {
        reference: string;
        status: BookingStatus;
        slot_time: string;
        adults: number;
        children: number;
        under6: number;
        proteins: Record<string, number>;
        extra_proteins: Record<string, number>;
        addons: Record<string, number>;
        address_line1: string;
        address_line2: string | null;
        city: string;
        state: string;
        zip: string;
        notes: string | null;
        customer_name: string | null;
        customer_phone: string | null;
        chef_notes: string[];
      }[]
    >`
      select b.reference, b.status, b.slot_time, b.adults, b.children, b.under6,
        b.proteins, b.extra_proteins, b.addons, b.address_line1, b.address_line2,
        b.city, b.state, b.zip, b.notes, c.name as customer_name,
        c.phone as customer_phone,
        coalesce((select array_agg(n.body order by n.created_at)
                  from public.booking_notes n
                  where n.booking_id = b.id and n.for_chef), '{}') as chef_notes
      from public.bookings b left join public.customers c on c.id = b.customer_id
      where b.chef_id = ${chefId}::uuid and b.event_date = ${query.date}::date`;
    return buildPrepList(
      query.date,
      chef.display_name,
      rows.map((r) => {
        const address = {
          line1: r.address_line1,
          line2: r.address_line2,
          city: r.city,
          state: r.state,
          zip: r.zip,
        };
        return {
          reference: r.reference,
          status: r.status,
          slotTime: r.slot_time,
          adults: r.adults,
          children: r.children,
          under6: r.under6,
          proteins: r.proteins ?? {},
          extraProteins: r.extra_proteins ?? {},
          addons: r.addons ?? {},
          details: {
            address: { ...address, mapUrl: mapUrl(address) },
            notes: r.notes,
            chefNotes: r.chef_notes,
            customer: { name: r.customer_name, phone: r.customer_phone },
          },
        };
      }),
    );
  }, { readOnly: true });
}

/** A location the calendar can show. */
export interface CalendarLocation {
  id: string;
  slug: string;
  name: string;
  timezone: string;
}

/**
 * Locations for the calendar's picker: a manager's own locations first
 * (the ones whose bookings RLS lets them read), then the rest.
 */
export async function calendarLocations(
  db: Db,
  actor: StaffActor,
): Promise<CalendarLocation[]> {
  return await withClaims(db, actor.claims, async (tx) => [
    ...await tx<CalendarLocation[]>`
      select id, slug, name, timezone from public.locations
      order by (id = any (app.managed_location_ids())) desc, sort_order, name`,
  ], { readOnly: true });
}

/**
 * Approves or rejects a pending time-off request (managers of the chef's
 * location, admins); approval is refused with 409 when it would strand a
 * booking without a chef (app.decide_time_off, ADR 0007). Audited.
 */
export async function decideTimeOff(
  db: Db,
  actor: StaffActor,
  id: string,
  decision: "approved" | "rejected",
): Promise<{ id: string; status: string }> {
  try {
    return await withClaims(db, actor.claims, async (tx) => {
      const [row] = await tx<{ id: string; status: string }[]>`
        select id, status from app.decide_time_off(${id}::uuid, ${decision})`;
      return row;
    });
  } catch (err) {
    const mapped = fromDbError(err);
    if (mapped) throw mapped;
    throw err;
  }
}
