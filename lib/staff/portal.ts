/**
 * The chef portal (SPEC §4 `/admin/me`, issue 10 §6): the signed-in chef's
 * upcoming events with everything needed on site, working weekdays, time-off
 * requests and the private `.ics` feed. Every query runs under the chef's
 * claims, so RLS ("chefs read own assigned bookings", "chefs read own time
 * off", …) and the definer functions' own checks decide; money never leaves
 * this module. The feed itself is read as `anon` by its secret token.
 *
 * @module
 */
import { createEvents, type EventAttributes } from "ics";
import { eventLengthMinutes } from "../availability/event_length.ts";
import {
  addDays,
  localDateOf,
  slotStartInstant,
} from "../booking_window/mod.ts";
import type { Claims, Db, TransactionSql } from "../db/mod.ts";
import { withClaims } from "../db/mod.ts";
import { mapUrl, type StaffActor } from "./bookings.ts";
import { forbidden, fromDbError } from "./errors.ts";
import type { TimeOffBody } from "./schemas.ts";

/** The signed-in chef's profile as the portal shows it. */
export interface ChefProfile {
  id: string;
  name: string;
  weekdays: number[];
  location: { id: string; name: string; timezone: string };
  /** Today in the location's zone. */
  today: string;
}

/** One upcoming event, with what the chef needs on site (no money). */
export interface ChefEvent {
  reference: string;
  status: string;
  eventDate: string;
  slotTime: string;
  guests: number;
  adults: number;
  children: number;
  under6: number;
  proteins: Record<string, number>;
  extraProteins: Record<string, number>;
  addons: Record<string, number>;
  address: {
    line1: string;
    line2: string | null;
    city: string;
    state: string;
    zip: string;
    mapUrl: string;
  };
  customer: { name: string | null; phone: string | null };
  notes: string | null;
  chefNotes: string[];
}

/** A time-off request of the chef. */
export interface TimeOffRequest {
  id: string;
  startsOn: string;
  endsOn: string;
  reason: string | null;
  status: string;
}

/** Whether the chef has a live feed (the token itself is never readable). */
export interface FeedStatus {
  active: boolean;
  issuedAt: string | null;
  revokedAt: string | null;
}

/** Everything `/admin/me` renders. */
export interface ChefPortal {
  chef: ChefProfile;
  events: ChefEvent[];
  timeOff: TimeOffRequest[];
  feed: FeedStatus;
}

async function run<T>(
  db: Db,
  claims: Claims,
  fn: (tx: TransactionSql) => Promise<T>,
  readOnly = false,
): Promise<T> {
  try {
    return await withClaims(db, claims, fn, { readOnly });
  } catch (err) {
    const mapped = fromDbError(err);
    if (mapped) throw mapped;
    throw err;
  }
}

async function ownChef(
  tx: TransactionSql,
  now: Date,
): Promise<ChefProfile> {
  const [c] = await tx<
    {
      id: string;
      display_name: string;
      weekdays: number[];
      location_id: string;
      location_name: string;
      timezone: string;
    }[]
  >`
    select c.id, c.display_name, c.weekdays, c.location_id,
      l.name as location_name, l.timezone
    from public.chefs c join public.locations l on l.id = c.location_id
    where c.id = app.chef_id()`;
  if (!c) throw forbidden("The chef portal is for chefs with a chef profile.");
  return {
    id: c.id,
    name: c.display_name,
    weekdays: [...c.weekdays].map(Number).sort(),
    location: {
      id: c.location_id,
      name: c.location_name,
      timezone: c.timezone,
    },
    today: localDateOf(now, c.timezone),
  };
}

/** The chef row of the caller, or 403 for staff without one. */
export async function chefProfile(
  db: Db,
  actor: StaffActor,
  now: Date,
): Promise<ChefProfile> {
  return await run(db, actor.claims, (tx) => ownChef(tx, now), true);
}

/** `/admin/me`: profile, upcoming events (60 days), time off and feed status. */
export async function chefPortal(
  db: Db,
  actor: StaffActor,
  now: Date,
  days = 60,
): Promise<ChefPortal> {
  return await run(db, actor.claims, async (tx) => {
    const chef = await ownChef(tx, now);
    const rows = await tx<
      {
        reference: string;
        status: string;
        event_date: string;
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
      select b.reference, b.status, b.event_date::text as event_date,
        b.slot_time, b.adults, b.children, b.under6, b.proteins,
        b.extra_proteins, b.addons, b.address_line1, b.address_line2, b.city,
        b.state, b.zip, b.notes, cu.name as customer_name,
        cu.phone as customer_phone,
        coalesce((select array_agg(n.body order by n.created_at)
                  from public.booking_notes n
                  where n.booking_id = b.id and n.for_chef), '{}') as chef_notes
      from public.bookings b
      left join public.customers cu on cu.id = b.customer_id
      where b.chef_id = ${chef.id}::uuid
        and b.status in ('pending_deposit', 'confirmed')
        and b.event_date between ${chef.today}::date
          and ${addDays(chef.today, days)}::date
      order by b.event_date, b.slot_time, b.reference`;
    const timeOff = await tx<
      {
        id: string;
        starts_on: string;
        ends_on: string;
        reason: string | null;
        status: string;
      }[]
    >`
      select id, starts_on::text as starts_on, ends_on::text as ends_on,
        reason, status
      from public.chef_time_off
      where chef_id = ${chef.id}::uuid and ends_on >= ${chef.today}::date
      order by starts_on, created_at`;
    const [feed] = await tx<{ created_at: Date; revoked_at: Date | null }[]>`
      select created_at, revoked_at from public.chef_calendar_feeds
      where chef_id = ${chef.id}::uuid`;
    return {
      chef,
      events: rows.map((r) => {
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
          eventDate: r.event_date,
          slotTime: r.slot_time,
          guests: r.adults + r.children + r.under6,
          adults: r.adults,
          children: r.children,
          under6: r.under6,
          proteins: r.proteins ?? {},
          extraProteins: r.extra_proteins ?? {},
          addons: r.addons ?? {},
          address: { ...address, mapUrl: mapUrl(address) },
          customer: { name: r.customer_name, phone: r.customer_phone },
          notes: r.notes,
          chefNotes: r.chef_notes ?? [],
        };
      }),
      timeOff: timeOff.map((t) => ({
        id: t.id,
        startsOn: t.starts_on,
        endsOn: t.ends_on,
        reason: t.reason,
        status: t.status,
      })),
      feed: {
        active: Boolean(feed && feed.revoked_at === null),
        issuedAt: feed ? feed.created_at.toISOString() : null,
        revokedAt: feed?.revoked_at ? feed.revoked_at.toISOString() : null,
      },
    };
  }, true);
}

/** Sets the caller's working weekdays (ISO 1–7); audited by the function. */
export async function setOwnWeekdays(
  db: Db,
  actor: StaffActor,
  weekdays: number[],
  now: Date,
): Promise<number[]> {
  return await run(db, actor.claims, async (tx) => {
    const chef = await ownChef(tx, now);
    const [row] = await tx<{ weekdays: number[] }[]>`
      select weekdays from app.set_chef_weekdays(${chef.id}::uuid,
        ${weekdays}::smallint[])`;
    return [...row.weekdays].map(Number);
  });
}

/** Asks for time off (inclusive dates); audited by the function. */
export async function requestTimeOff(
  db: Db,
  actor: StaffActor,
  input: TimeOffBody,
): Promise<TimeOffRequest> {
  return await run(db, actor.claims, async (tx) => {
    const [t] = await tx<
      {
        id: string;
        starts_on: string;
        ends_on: string;
        reason: string | null;
        status: string;
      }[]
    >`
      select id, starts_on::text as starts_on, ends_on::text as ends_on,
        reason, status
      from app.request_time_off(${input.startsOn}::date, ${input.endsOn}::date,
        ${input.reason ?? null})`;
    return {
      id: t.id,
      startsOn: t.starts_on,
      endsOn: t.ends_on,
      reason: t.reason,
      status: t.status,
    };
  });
}

/**
 * Issues a new feed token for the caller's chef row (revoking the old one)
 * and returns it: it is shown once, only its hash is stored.
 */
export async function issueOwnFeed(
  db: Db,
  actor: StaffActor,
  now: Date,
): Promise<string> {
  return await run(db, actor.claims, async (tx) => {
    const chef = await ownChef(tx, now);
    const [row] = await tx<{ token: string }[]>`
      select app.issue_calendar_feed(${chef.id}::uuid) as token`;
    return row.token;
  });
}

/** Revokes the caller's feed; true when one was live. */
export async function revokeOwnFeed(
  db: Db,
  actor: StaffActor,
  now: Date,
): Promise<boolean> {
  return await run(db, actor.claims, async (tx) => {
    const chef = await ownChef(tx, now);
    const [row] = await tx<{ revoked: boolean }[]>`
      select app.revoke_calendar_feed(${chef.id}::uuid) as revoked`;
    return row.revoked;
  });
}

/** The feed URL of a token (`/api/calendar/<token>.ics`). */
export function feedUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/api/calendar/${token}.ics`;
}

/** A feed token as it appears in the URL (hex, 32–128 characters). */
export const FEED_TOKEN_PATTERN = /^([0-9a-f]{32,128})\.ics$/;

interface FeedRow {
  chef_name: string;
  reference: string;
  status: string;
  event_date: string;
  slot_time: string;
  timezone: string;
  location_name: string;
  address: string;
  adults: number;
  children: number;
  under6: number;
  proteins: Record<string, number>;
  extra_proteins: Record<string, number>;
  addons: Record<string, number>;
  customer_name: string | null;
  customer_phone: string | null;
  notes: string | null;
  updated_at: Date;
}

function countsText(c: Record<string, number>): string {
  const parts = Object.entries(c ?? {}).filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} × ${n}`);
  return parts.length ? parts.join(", ") : "—";
}

/**
 * The chef's calendar (`text/calendar`) for a feed token, generated by npm
 * `ics`; null for an unknown or revoked token. Events from 30 days back
 * (the function's default window), stamped with `now`, one VEVENT per chef-holding booking, UID
 * stable per booking so updates replace events in the phone's calendar.
 */
export async function feedCalendar(
  db: Db,
  token: string,
  now: Date,
): Promise<string | null> {
  const rows = await withClaims(db, null, async (tx) => {
    return await tx<FeedRow[]>`
      select chef_name, reference, status, event_date::text as event_date,
        slot_time, timezone, location_name, address, adults, children, under6,
        proteins, extra_proteins, addons, customer_name, customer_phone, notes,
        updated_at
      from app.calendar_feed_events(${token})`;
  }, { readOnly: true });
  if (rows.length === 0 && !(await feedExists(db, token))) return null;
  const events: EventAttributes[] = rows.map((r) => {
    const guests = r.adults + r.children + r.under6;
    const start = slotStartInstant(r.event_date, r.slot_time, r.timezone);
    const proteins: Record<string, number> = { ...r.proteins };
    for (const [k, n] of Object.entries(r.extra_proteins ?? {})) {
      proteins[k] = (proteins[k] ?? 0) + n;
    }
    const lines = [
      `Booking ${r.reference} (${r.status.replace(/_/g, " ")})`,
      `Guests: ${guests} (${r.adults} adults, ${r.children} children, ${r.under6} under 6)`,
      `Proteins: ${countsText(proteins)}`,
      `Add-ons: ${countsText(r.addons)}`,
      `Customer: ${r.customer_name ?? "—"} ${r.customer_phone ?? ""}`.trim(),
    ];
    if (r.notes) lines.push(`Notes: ${r.notes}`);
    return {
      uid: `${r.reference.toLowerCase()}-chef@myhibachi`,
      title: `Hibachi ${r.reference}: ${guests} guests`,
      description: lines.join("\n"),
      location: r.address,
      start: start.getTime(),
      startInputType: "utc",
      startOutputType: "utc",
      duration: { minutes: eventLengthMinutes(guests) },
      status: r.status === "confirmed" || r.status === "completed"
        ? "CONFIRMED"
        : "TENTATIVE",
      busyStatus: "BUSY",
      lastModified: r.updated_at.getTime(),
      timestamp: now.getTime(),
    };
  });
  const { error, value } = createEvents(events, {
    productId: "-//MyHibachi//Chef calendar//EN",
    method: "PUBLISH",
    calName: rows[0] ? `MyHibachi — ${rows[0].chef_name}` : "MyHibachi",
  });
  if (error || value === undefined) {
    throw new Error(`ics: ${error?.message ?? "no calendar produced"}`);
  }
  return value;
}

/** Whether a live feed has this token (for an empty calendar vs 404). */
async function feedExists(db: Db, token: string): Promise<boolean> {
  // app.calendar_feed_events answers no rows both for an unknown token and
  // for a chef without events; app.calendar_feed_live tells them apart.
  const [row] = await withClaims(db, null, (tx) =>
    tx<{ live: boolean }[]>`
      select app.calendar_feed_live(${token}) as live`, { readOnly: true });
  return Boolean(row?.live);
}
