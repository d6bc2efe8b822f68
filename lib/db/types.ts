/**
 * Row types of every table in `public`, as postgres.js returns them through
 * lib/db: `date` → "YYYY-MM-DD" string, `timestamptz` → Date, `numeric` and
 * `bigint` → string, `jsonb` → parsed JSON, arrays → arrays. Money is integer
 * US cents.
 *
 * The columns come from lib/db/schema.gen.ts, generated from the migrated
 * schema by `deno task db:types` (tests/db/types_test.ts fails when it is
 * stale). This file only narrows what the catalog cannot say: `text` columns
 * whose check constraint allows a fixed set of values, and the shapes of
 * `jsonb` columns. {@link Refine} keeps each narrowed column's nullability
 * from the schema, and refuses a narrowing the column's type does not admit.
 *
 * @module
 */
import type {
  AssistantConversationsTable,
  AuditLogTable,
  BlackoutDatesTable,
  BookingEventsTable,
  BookingNotesTable,
  BookingsTable,
  ChefCalendarFeedsTable,
  ChefsTable,
  ChefTimeOffTable,
  ContactMessagesTable,
  CustomersTable,
  GeneratedTables,
  HoldsTable,
  Json,
  LocationsTable,
  MenuItemsTable,
  NotificationsTable,
  NullMap,
  PaymentsTable,
  PricingSettingsTable,
  RefundsDueTable,
  StaffLocationsTable,
  StaffTable,
  StripeEventsTable,
} from "./schema.gen.ts";
import { COLUMN_NULLABILITY as GENERATED_NULLABILITY } from "./schema.gen.ts";

export type { GeneratedTables, Json, NullMap };

import type { BookingStatus } from "../booking_status/mod.ts";
import type { SmsDeliveryStatus } from "../sms/types.ts";

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
/** Servings per menu item code, e.g. `{ chicken: 10, filet_mignon: 4 }`. */
export type Servings = Record<string, number>;

/** A JSON object (a `jsonb` column checked to hold an object). */
export type JsonObject = { [key: string]: Json };

/**
 * `Row` with the columns of `Narrow` replaced by narrower types. A column that
 * admits NULL in the schema still does; a key that is not a column, or a type
 * the column's own type does not admit, is a compile error.
 */
export type Refine<
  Row,
  Narrow extends {
    [K in keyof Narrow]: K extends keyof Row ? NonNullable<Row[K]> : never;
  },
> =
  & Omit<Row, keyof Narrow>
  & {
    [K in keyof Narrow]: K extends keyof Row
      ? Narrow[K] | (null extends Row[K] ? null : never)
      : never;
  };

/** `public.locations` */
export type LocationRow = LocationsTable;

/** `public.staff` */
export interface StaffRow extends Refine<StaffTable, { role: StaffRole }> {}

/** `public.staff_locations` */
export type StaffLocationRow = StaffLocationsTable;

/**
 * `public.chefs`: `weekdays` are ISO weekdays (1 = Monday … 7 = Sunday);
 * `rating` is numeric(3,2) as a string, e.g. "4.90".
 */
export type ChefRow = ChefsTable;

/** `public.chef_time_off` (inclusive dates) */
export interface ChefTimeOffRow extends
  Refine<ChefTimeOffTable, {
    status: "requested" | "approved" | "rejected";
  }> {}

/** `public.customers` */
export type CustomerRow = CustomersTable;

/** `public.menu_items` */
export interface MenuItemRow
  extends Refine<MenuItemsTable, { kind: "protein" | "addon" }> {}

/**
 * `public.pricing_settings` (single row, id = 1); `slot_times` are "HH:MM"
 * start times in the location's zone.
 */
export type PricingSettingsRow = PricingSettingsTable;

/** `public.blackout_dates` */
export type BlackoutDateRow = BlackoutDatesTable;

/** `public.holds` */
export type HoldRow = HoldsTable;

/**
 * `public.bookings`: `reference` looks like "MH-7K3Q9P"; `quote` is the
 * server-computed quote (SPEC §5 shape) at booking time; `manage_token_hash`
 * is the sha256 hex of the manage token.
 */
export interface BookingRow extends
  Refine<BookingsTable, {
    status: BookingStatus;
    proteins: Servings;
    extra_proteins: Servings;
    addons: Servings;
    quote: JsonObject;
    payment_method: BookingPaymentMethod;
  }> {}

/**
 * `public.booking_events` (append-only); `type` is created | status_changed |
 * rescheduled | chef_assigned | updated | note | …
 */
export interface BookingEventRow extends
  Refine<BookingEventsTable, {
    actor: EventActor;
    before: JsonObject;
    after: JsonObject;
  }> {}

/** `public.payments` (append-only ledger) */
export interface PaymentRow extends
  Refine<PaymentsTable, {
    kind: PaymentKind;
    method: PaymentMethod;
    provider: "stripe" | "manual";
  }> {}

/** `public.audit_log` (append-only); `id` is a bigint as a string. */
export interface AuditLogRow
  extends Refine<AuditLogTable, { details: JsonObject }> {}

/** `public.notifications` (outbox) */
export interface NotificationRow extends
  Refine<NotificationsTable, {
    payload: JsonObject;
    status: "pending" | "sending" | "sent" | "failed";
    channel: "email" | "sms";
    delivery_status: SmsDeliveryStatus;
  }> {}

/** `public.contact_messages` (contact form inbox) */
export type ContactMessageRow = ContactMessagesTable;

/** `public.booking_notes` (staff-only, append-only) */
export type BookingNoteRow = BookingNotesTable;

/** `public.refunds_due` (what staff owe back after a cancellation) */
export type RefundDueRow = RefundsDueTable;

/** `public.chef_calendar_feeds` (sha256 of each chef's private feed token) */
export type ChefCalendarFeedRow = ChefCalendarFeedsTable;

/** `public.stripe_events` (each Stripe webhook event id, stored once) */
export type StripeEventRow = StripeEventsTable;

/** `public.assistant_conversations` (assistant chats by token hash; 30-day retention) */
export interface AssistantConversationRow
  extends
    Refine<AssistantConversationsTable, {
      messages: Array<{ role: "user" | "assistant"; content: string }>;
    }> {}

/** One row of `public.slot_availability(location, from, to)`. */
export interface SlotAvailabilityRow {
  event_date: string;
  slot_time: string;
  capacity: number;
  reserved: number;
  available: number;
}

/** Row type by table name: every generated table, narrowed where above. */
export interface Tables extends GeneratedTables {
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
  stripe_events: StripeEventRow;
  assistant_conversations: AssistantConversationRow;
}

/**
 * Every table's columns and whether each admits NULL, at runtime (generated).
 * The annotation proves the narrowed rows kept the schema's nullability.
 */
export const COLUMN_NULLABILITY: { [T in keyof Tables]: NullMap<Tables[T]> } =
  GENERATED_NULLABILITY;
