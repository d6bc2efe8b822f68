/**
 * Row types of every table in `public`, as postgres.js returns them through
 * lib/db: `date` → "YYYY-MM-DD" string, `timestamptz` → Date, `numeric` and
 * `bigint` → string, `jsonb` → parsed JSON, arrays → arrays. Money is integer
 * US cents. `COLUMN_NULLABILITY` mirrors each interface at runtime and is
 * checked against information_schema by tests/db/types_test.ts; the
 * `satisfies NullMap<…>` clauses keep it in step with the interfaces.
 *
 * @module
 */

import type { BookingStatus } from "../booking_status/mod.ts";

// Booking lifecycle states and the chef-holding ones: one definition, in
// lib/booking_status (with the transition table), re-exported here.
export type { BookingStatus } from "../booking_status/mod.ts";
export { CHEF_HOLDING_STATUSES } from "../booking_status/mod.ts";

/** Staff roles. */
export type StaffRole = "chef" | "manager" | "admin";
/** How a customer pays the deposit online. */
export type BookingPaymentMethod = "card" | "zelle" | "venmo";
/** Ledger row kinds. */
export type PaymentKind = "deposit" | "balance" | "refund";
/** Ledger payment methods. */
export type PaymentMethod = "card" | "zelle" | "venmo" | "cash";
/** Who caused a booking event. */
export type EventActor = "customer" | "staff" | "system" | "stripe";
/** JSON value. */
export type Json = string | number | boolean | null | Json[] | {
  [key: string]: Json;
};
/** Servings per menu item code, e.g. `{ chicken: 10, filet_mignon: 4 }`. */
export type Servings = Record<string, number>;

/** `public.locations` */
export interface LocationRow {
  id: string;
  slug: string;
  name: string;
  zip: string;
  timezone: string;
  active: boolean;
  sort_order: number;
  created_at: Date;
  updated_at: Date;
}

/** `public.staff` */
export interface StaffRow {
  user_id: string;
  email: string;
  full_name: string;
  role: StaffRole;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

/** `public.staff_locations` */
export interface StaffLocationRow {
  user_id: string;
  location_id: string;
  created_at: Date;
}

/** `public.chefs` */
export interface ChefRow {
  id: string;
  user_id: string | null;
  location_id: string;
  display_name: string;
  home_zip: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  /** numeric(3,2) as a string, e.g. "4.90". */
  rating: string;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  /** Largest party the chef takes on (1–50). */
  max_party_size: number;
}

/** `public.chef_time_off` (inclusive dates) */
export interface ChefTimeOffRow {
  id: string;
  chef_id: string;
  starts_on: string;
  ends_on: string;
  reason: string | null;
  status: "requested" | "approved" | "rejected";
  decided_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/** `public.customers` */
export interface CustomerRow {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  notes: string | null;
  created_at: Date;
  updated_at: Date;
  /** The customer's favourite chef, set by staff. */
  preferred_chef_id: string | null;
}

/** `public.menu_items` */
export interface MenuItemRow {
  id: string;
  code: string;
  kind: "protein" | "addon";
  label: string;
  description: string | null;
  premium_surcharge_cents: number;
  price_cents: number;
  active: boolean;
  sort_order: number;
  created_at: Date;
  updated_at: Date;
}

/** `public.pricing_settings` (single row, id = 1) */
export interface PricingSettingsRow {
  id: number;
  adult_price_cents: number;
  child_price_cents: number;
  extra_protein_cents: number;
  proteins_per_guest: number;
  minimum_food_cents: number;
  free_travel_miles: number;
  travel_fee_per_mile_cents: number;
  max_travel_miles: number;
  sales_tax_bps: number;
  deposit_cents: number;
  max_party_size: number;
  hold_minutes: number;
  min_lead_hours: number;
  max_lead_days: number;
  deposit_due_hours: number;
  free_cancellation_hours: number;
  free_reschedule_hours: number;
  reschedule_fee_cents: number;
  guest_count_final_hours: number;
  menu_final_hours: number;
  suggested_gratuity_percent: number;
  /** "HH:MM" start times in the location's zone. */
  slot_times: string[];
  zelle_handle: string;
  venmo_handle: string;
  updated_at: Date;
  updated_by: string | null;
  /** How far above the balance due a recorded payment may go. */
  payment_margin_cents: number;
}

/** `public.blackout_dates` */
export interface BlackoutDateRow {
  id: string;
  location_id: string;
  blackout_date: string;
  reason: string | null;
  created_by: string | null;
  created_at: Date;
}

/** `public.holds` */
export interface HoldRow {
  id: string;
  location_id: string;
  event_date: string;
  slot_time: string;
  expires_at: Date;
  converted_booking_id: string | null;
  created_at: Date;
}

/** `public.bookings` */
export interface BookingRow {
  id: string;
  /** e.g. "MH-7K3Q9P" */
  reference: string;
  status: BookingStatus;
  location_id: string;
  event_date: string;
  slot_time: string;
  adults: number;
  children: number;
  under6: number;
  proteins: Servings;
  extra_proteins: Servings;
  addons: Servings;
  address_line1: string;
  address_line2: string | null;
  city: string;
  state: string;
  zip: string;
  customer_id: string;
  /** The server-computed quote (SPEC §5 shape) at booking time. */
  quote: { [key: string]: Json };
  total_cents: number;
  deposit_cents: number;
  /** sha256 hex of the manage token. */
  manage_token_hash: string;
  chef_id: string | null;
  deposit_due_at: Date | null;
  payment_method: BookingPaymentMethod;
  notes: string | null;
  reschedule_count: number;
  created_at: Date;
  updated_at: Date;
}

/** `public.booking_events` (append-only) */
export interface BookingEventRow {
  id: string;
  booking_id: string;
  /** created | status_changed | rescheduled | chef_assigned | updated | note | … */
  type: string;
  actor: EventActor;
  actor_id: string | null;
  at: Date;
  before: { [key: string]: Json } | null;
  after: { [key: string]: Json } | null;
  note: string | null;
}

/** `public.payments` (append-only ledger) */
export interface PaymentRow {
  id: string;
  booking_id: string;
  kind: PaymentKind;
  method: PaymentMethod;
  amount_cents: number;
  provider: "stripe" | "manual";
  provider_reference: string | null;
  recorded_by: string | null;
  note: string | null;
  created_at: Date;
  /** Client Idempotency-Key of a staff-recorded payment/refund (unique). */
  idempotency_key: string | null;
}

/** `public.audit_log` (append-only) */
export interface AuditLogRow {
  /** bigint as a string. */
  id: string;
  actor: string;
  actor_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  details: { [key: string]: Json };
  at: Date;
}

/** `public.notifications` (outbox) */
export interface NotificationRow {
  id: string;
  kind: string;
  recipient: string;
  booking_id: string | null;
  payload: { [key: string]: Json };
  status: "pending" | "sending" | "sent" | "failed";
  attempts: number;
  send_after: Date;
  last_error: string | null;
  sent_at: Date | null;
  created_at: Date;
}

/** `public.contact_messages` (contact form inbox) */
export interface ContactMessageRow {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  topic: string | null;
  message: string;
  event_date: string | null;
  guests: number | null;
  ip_hash: string | null;
  created_at: Date;
  handled_at: Date | null;
  handled_by: string | null;
}

/** One row of `public.slot_availability(location, from, to)`. */
export interface SlotAvailabilityRow {
  event_date: string;
  slot_time: string;
  capacity: number;
  reserved: number;
  available: number;
}

/** Row type by table name. */
export interface Tables {
  locations: LocationRow;
  staff: StaffRow;
  staff_locations: StaffLocationRow;
  chefs: ChefRow;
  chef_time_off: ChefTimeOffRow;
  customers: CustomerRow;
  menu_items: MenuItemRow;
  pricing_settings: PricingSettingsRow;
  blackout_dates: BlackoutDateRow;
  holds: HoldRow;
  bookings: BookingRow;
  booking_events: BookingEventRow;
  payments: PaymentRow;
  audit_log: AuditLogRow;
  notifications: NotificationRow;
  contact_messages: ContactMessageRow;
  booking_notes: BookingNoteRow;
  refunds_due: RefundDueRow;
  chef_calendar_feeds: ChefCalendarFeedRow;
}

/** For each column: true when the TS type admits null. */
export type NullMap<T> = { [K in keyof T]-?: null extends T[K] ? true : false };

/** Runtime copy of every interface's columns and nullability. */
export const COLUMN_NULLABILITY: { [T in keyof Tables]: NullMap<Tables[T]> } = {
  locations: {
    id: false,
    slug: false,
    name: false,
    zip: false,
    timezone: false,
    active: false,
    sort_order: false,
    created_at: false,
    updated_at: false,
  },
  staff: {
    user_id: false,
    email: false,
    full_name: false,
    role: false,
    active: false,
    created_at: false,
    updated_at: false,
  },
  staff_locations: { user_id: false, location_id: false, created_at: false },
  chefs: {
    id: false,
    user_id: true,
    location_id: false,
    display_name: false,
    home_zip: false,
    weekdays: false,
    rating: false,
    active: false,
    created_at: false,
    updated_at: false,
    max_party_size: false,
  },
  chef_time_off: {
    id: false,
    chef_id: false,
    starts_on: false,
    ends_on: false,
    reason: true,
    status: false,
    decided_by: true,
    created_at: false,
    updated_at: false,
  },
  customers: {
    id: false,
    email: false,
    name: false,
    phone: true,
    notes: true,
    created_at: false,
    updated_at: false,
    preferred_chef_id: true,
  },
  menu_items: {
    id: false,
    code: false,
    kind: false,
    label: false,
    description: true,
    premium_surcharge_cents: false,
    price_cents: false,
    active: false,
    sort_order: false,
    created_at: false,
    updated_at: false,
  },
  pricing_settings: {
    id: false,
    adult_price_cents: false,
    child_price_cents: false,
    extra_protein_cents: false,
    proteins_per_guest: false,
    minimum_food_cents: false,
    free_travel_miles: false,
    travel_fee_per_mile_cents: false,
    max_travel_miles: false,
    sales_tax_bps: false,
    deposit_cents: false,
    max_party_size: false,
    hold_minutes: false,
    min_lead_hours: false,
    max_lead_days: false,
    deposit_due_hours: false,
    free_cancellation_hours: false,
    free_reschedule_hours: false,
    reschedule_fee_cents: false,
    guest_count_final_hours: false,
    menu_final_hours: false,
    suggested_gratuity_percent: false,
    slot_times: false,
    zelle_handle: false,
    venmo_handle: false,
    updated_at: false,
    updated_by: true,
    payment_margin_cents: false,
  },
  blackout_dates: {
    id: false,
    location_id: false,
    blackout_date: false,
    reason: true,
    created_by: true,
    created_at: false,
  },
  holds: {
    id: false,
    location_id: false,
    event_date: false,
    slot_time: false,
    expires_at: false,
    converted_booking_id: true,
    created_at: false,
  },
  bookings: {
    id: false,
    reference: false,
    status: false,
    location_id: false,
    event_date: false,
    slot_time: false,
    adults: false,
    children: false,
    under6: false,
    proteins: false,
    extra_proteins: false,
    addons: false,
    address_line1: false,
    address_line2: true,
    city: false,
    state: false,
    zip: false,
    customer_id: false,
    quote: false,
    total_cents: false,
    deposit_cents: false,
    manage_token_hash: false,
    chef_id: true,
    deposit_due_at: true,
    payment_method: false,
    notes: true,
    reschedule_count: false,
    created_at: false,
    updated_at: false,
  },
  booking_events: {
    id: false,
    booking_id: false,
    type: false,
    actor: false,
    actor_id: true,
    at: false,
    before: true,
    after: true,
    note: true,
  },
  payments: {
    id: false,
    booking_id: false,
    kind: false,
    method: false,
    amount_cents: false,
    provider: false,
    provider_reference: true,
    recorded_by: true,
    note: true,
    created_at: false,
    idempotency_key: true,
  },
  audit_log: {
    id: false,
    actor: false,
    actor_id: true,
    action: false,
    entity: false,
    entity_id: true,
    details: false,
    at: false,
  },
  notifications: {
    id: false,
    kind: false,
    recipient: false,
    booking_id: true,
    payload: false,
    status: false,
    attempts: false,
    send_after: false,
    last_error: true,
    sent_at: true,
    created_at: false,
  },
  contact_messages: {
    id: false,
    name: false,
    email: false,
    phone: true,
    topic: true,
    message: false,
    event_date: true,
    guests: true,
    ip_hash: true,
    created_at: false,
    handled_at: true,
    handled_by: true,
  },
  booking_notes: {
    id: false,
    booking_id: false,
    author_id: true,
    body: false,
    for_chef: false,
    created_at: false,
  },
  refunds_due: {
    id: false,
    booking_id: false,
    amount_cents: false,
    settled_cents: false,
    reason: false,
    status: false,
    created_by: true,
    created_at: false,
    settled_at: true,
  },
  chef_calendar_feeds: {
    chef_id: false,
    token_hash: false,
    created_by: true,
    created_at: false,
    revoked_at: true,
  },
};

/** `public.booking_notes` (append-only internal notes; chefs see `for_chef` ones of their bookings) */
export interface BookingNoteRow {
  id: string;
  booking_id: string;
  author_id: string | null;
  body: string;
  /** Shown to the assigned chef (gate codes, equipment); else managers/admins only. */
  for_chef: boolean;
  created_at: Date;
}

/** `public.refunds_due` (refunds owed after a cancellation; settled by recorded refunds) */
export interface RefundDueRow {
  id: string;
  booking_id: string;
  amount_cents: number;
  settled_cents: number;
  reason: string;
  status: "due" | "settled";
  created_by: string | null;
  created_at: Date;
  settled_at: Date | null;
}

/** `public.chef_calendar_feeds` (one secret .ics feed per chef; API roles cannot read `token_hash`) */
export interface ChefCalendarFeedRow {
  chef_id: string;
  /** sha256 hex of the feed token. */
  token_hash: string;
  created_by: string | null;
  created_at: Date;
  revoked_at: Date | null;
}
