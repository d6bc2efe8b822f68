/**
 * The outbox row and the payload shapes the database writes
 * (`supabase/migrations/*_notification_outbox.sql`, `app.booking_notice_payload`;
 * `contact_message` from `app.submit_contact_message`). Payloads are jsonb,
 * so they are parsed, not trusted.
 *
 * @module
 */
import { z } from "zod";

/** Notification kinds the worker knows how to render. */
export const NOTIFICATION_KINDS = [
  "booking_created",
  "booking_confirmed",
  "cancellation_requested",
  "booking_cancelled",
  "booking_rescheduled",
  "cancellation_rejected",
  "payment_received",
  "refund_issued",
  "deposit_reminder",
  "event_reminder_7d",
  "event_reminder_48h",
  "review_request",
  "chef_day_before",
  "chef_released",
  "contact_message",
  "contact_reply",
] as const;

/** One of {@link NOTIFICATION_KINDS}. */
export type NotificationKind = typeof NOTIFICATION_KINDS[number];

/** A claimed outbox row (`public.notifications`). */
export interface OutboxRow {
  id: string;
  kind: string;
  /** `email` or `sms` (the recipient is then an E.164 number). */
  channel: "email" | "sms";
  recipient: string;
  booking_id: string | null;
  payload: unknown;
  /** Attempts including the current one. */
  attempts: number;
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const time = z.string().regex(/^\d{2}:\d{2}$/);
const cents = z.number().int();

/** One menu line of the chef's mail: the item's label and its servings. */
const menuLine = z.object({ label: z.string(), servings: z.number().int() });

/** Facts of one booking as every booking message shows them. */
export const bookingNoticeSchema = z.object({
  audience: z.enum(["customer", "staff"]),
  reference: z.string().min(1),
  status: z.string(),
  event_date: date,
  slot_time: time,
  timezone: z.string().min(1),
  location_name: z.string(),
  adults: z.number().int().min(0),
  children: z.number().int().min(0),
  under6: z.number().int().min(0),
  address: z.string(),
  customer_name: z.string(),
  customer_email: z.string(),
  customer_phone: z.string().nullable().optional(),
  payment_method: z.string(),
  total_cents: cents,
  deposit_cents: cents,
  paid_cents: cents,
  /** Customer `booking_created` only: the secret manage link. */
  manage_url: z.string().optional(),
  deposit_due_at: z.string().nullable().optional(),
  payment: z.object({ instructions: z.string().optional() }).optional(),
  previous_event_date: date.optional(),
  previous_slot_time: time.optional(),
  fee_cents: cents.optional(),
  /** payment_received / refund_issued: the ledger row's amount and method. */
  amount_cents: cents.optional(),
  method: z.string().optional(),
  /** review_request: the single-use review link's path (dropped once sent). */
  review_path: z.string().startsWith("/reviews/new?token=").optional(),
  review_expires_at: z.string().optional(),
  /** chef_day_before: what the chef cooks and must know (ADR 0036). */
  chef_name: z.string().optional(),
  proteins: z.array(menuLine).optional(),
  extra_proteins: z.array(menuLine).optional(),
  addons: z.array(menuLine).optional(),
  customer_notes: z.string().nullable().optional(),
  chef_notes: z.array(z.string()).optional(),
  /** chef_day_before: md5 of what the chef reads; a change queues a new mail. */
  revision: z.string().optional(),
  /** chef_day_before: an earlier mail of this booking went to this chef. */
  updated: z.boolean().optional(),
  /** chef_released: why the chef no longer cooks it (ADR 0058). */
  release: z.enum(["unassigned", "reassigned", "cancelled"]).optional(),
  /** Staff cancellation_requested: the customer's reason, when given. */
  reason: z.string().nullable().optional(),
});

/** Parsed booking payload. */
export type BookingNotice = z.infer<typeof bookingNoticeSchema>;

/** `contact_message` staff alert payload. */
export const contactNoticeSchema = z.object({
  contact_message_id: z.string(),
  name: z.string(),
  email: z.string(),
  topic: z.string(),
  excerpt: z.string(),
});

/** `contact_reply` payload: a staff answer to a contact message (app.inbox_reply). */
export const contactReplySchema = z.object({
  contact_message_id: z.string(),
  name: z.string(),
  body: z.string(),
  staff_name: z.string().nullable().optional(),
  original_excerpt: z.string(),
});

/** Parsed contact payload. */
export type ContactNotice = z.infer<typeof contactNoticeSchema>;

/** Guests at the event: adults + children + under 6 (event length, headcount). */
export function guestCount(notice: BookingNotice): number {
  return notice.adults + notice.children + notice.under6;
}
