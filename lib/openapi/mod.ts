/**
 * The OpenAPI 3.1 document of the JSON API (SPEC §5 `GET /api/openapi.json`),
 * generated from the same zod schemas that validate the requests
 * (`z.toJSONSchema`, JSON Schema 2020-12 as OpenAPI 3.1 uses it). One table
 * of operations ({@link OPERATIONS}) is the source: the document, the
 * `/docs/api` page and the test that every route under `routes/api` is
 * documented all read it. Schemas whose rules depend on the live catalog
 * (menu codes, slot times) are shown with the seed defaults; the server
 * checks the live values.
 *
 * @module
 */
import { feedSinceQuerySchema } from "../staff/feed_since.ts";
import { z } from "zod";
import {
  availabilityQuerySchema,
  bookingBodySchema,
  holdBodySchema,
  quoteBodySchema,
} from "../schemas/mod.ts";
import {
  cancelBodySchema,
  rescheduleBodySchema as customerRescheduleBodySchema,
} from "../bookings/manage.ts";
import {
  actionBodySchema,
  assignChefBodySchema,
  bulkAssignBodySchema,
  calendarQuerySchema,
  dashboardQuerySchema,
  listQuerySchema,
  noteBodySchema,
  partyBodySchema,
  paymentBodySchema,
  prepListQuerySchema,
  rescheduleBodySchema,
  resendBodySchema,
  timeOffBodySchema,
  timeOffDecisionBodySchema,
  weekdaysBodySchema,
} from "../staff/schemas.ts";
import { auditQuerySchema } from "../audit/service.ts";
import {
  analyticsQuerySchema,
  exportParamsSchema,
} from "../analytics/schema.ts";
import { cancelBatchBodySchema } from "../staff/batch_cancel.ts";
import { chefProfileBodySchema } from "../staff/chef_profile.ts";
import { updateMemberBodySchema } from "../staff/members.ts";
import {
  assignBodySchema,
  handledBodySchema,
  inboxQuerySchema,
  replyBodySchema,
} from "../inbox/service.ts";
import { inboundSmsSchema } from "../sms/inbound.ts";
import { smsStatusSchema } from "../sms/status.ts";
import {
  moderateBodySchema,
  staffReviewsQuerySchema,
} from "../reviews/schema.ts";
import {
  createLocationBodySchema,
  createMenuItemBodySchema,
  menuCodeSchema,
  previewSettingsBodySchema,
  saveSettingsBodySchema,
  updateMenuItemBodySchema,
} from "../settings/schema.ts";
import {
  customersQuerySchema,
  duplicatesQuerySchema,
  mergeBodySchema,
  updateCustomerBodySchema,
} from "../customers/service.ts";
import type { StaffRole } from "../staff/types.ts";

/** The header every Twilio webhook post is signed with. */
const TWILIO_SIGNATURE = {
  name: "X-Twilio-Signature",
  required: true,
  description: "Twilio's request signature",
};

/** HTTP methods the API uses. */
export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** One documented operation. */
export interface Operation {
  method: HttpMethod;
  /** OpenAPI path, e.g. `/api/staff/bookings/{ref}`. */
  path: string;
  summary: string;
  description?: string;
  tag:
    | "Public"
    | "Customer booking"
    | "Staff"
    | "Chef portal"
    | "Chef calendar"
    | "Meta";
  /** Staff API operations need a Supabase access token. */
  auth: boolean;
  /**
   * Staff roles the operation serves (others get 403); in the document as
   * `x-staff-roles`. Row-level scope (a manager's locations) is in the text.
   */
  roles?: readonly StaffRole[];
  /**
   * Path parameters as a strict object (one key per `{name}` of the path),
   * when they have a shape or meaning of their own; otherwise they are
   * plain strings described by name.
   */
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Media type of the request body (default JSON). */
  consumes?: string;
  /** Request headers (e.g. Idempotency-Key). */
  headers?: { name: string; required: boolean; description: string }[];
  /** Status → description; 4xx/5xx use the SPEC §5 error body. */
  responses: Record<string, string>;
  /** Media type of the success answer (default JSON). */
  produces?: string;
}

const REF = "Booking reference, e.g. MH-7Q2K9D";

/** `GET /api/bookings/{reference}` query (read by the route, checked by the service). */
const customerViewQuerySchema = z.strictObject({
  token: z.string().max(128).describe("The manage token from the booking mail"),
});

/** `POST /api/staff/inbox/{id}/{op}`: each op and the body its route parses. */
const INBOX_OP_NAMES = ["assign", "reply", "handled"] as const;
const INBOX_OPS: Record<(typeof INBOX_OP_NAMES)[number], z.ZodType> = {
  assign: assignBodySchema.describe("op = assign"),
  reply: replyBodySchema.describe("op = reply"),
  handled: handledBodySchema.describe("op = handled"),
};

const STAFF_ERRORS = {
  "401": "No valid access token",
  "403": "Not staff, or not allowed for this booking's location",
  "404": "Unknown reference",
  "422": "Invalid fields (issues name the paths)",
};

/** Every JSON endpoint (and the calendar feed), in document order. */
export const OPERATIONS: readonly Operation[] = [
  {
    method: "get",
    path: "/api/openapi.json",
    summary: "This document",
    tag: "Meta",
    auth: false,
    responses: { "200": "OpenAPI 3.1 document" },
  },
  {
    method: "post",
    path: "/api/quote",
    summary: "Price a party (server-side quote)",
    tag: "Public",
    auth: false,
    query: z.strictObject({ location: z.string().max(64).optional() }),
    body: quoteBodySchema(),
    responses: {
      "200": "The quote: lines, travel, tax, gratuity, total, deposit",
      "422": "Invalid fields",
      "429": "Rate limited",
    },
  },
  {
    method: "get",
    path: "/api/availability",
    summary: "Slots per date (at most 62 days)",
    tag: "Public",
    auth: false,
    query: availabilityQuerySchema,
    responses: {
      "200":
        "{timezone, dates:[{date, slots:[{time, capacity, reserved, available}]}]}",
      "422": "Invalid range",
    },
  },
  {
    method: "post",
    path: "/api/holds",
    summary: "Hold a slot for 15 minutes",
    tag: "Public",
    auth: false,
    body: holdBodySchema(),
    responses: {
      "201": "{holdId, expiresAt}",
      "409": "SLOT_FULL",
      "422": "Invalid fields",
      "429": "Rate limited",
    },
  },
  {
    method: "delete",
    path: "/api/holds/{id}",
    summary: "Release a hold early",
    tag: "Public",
    auth: false,
    responses: { "204": "Released (or already gone)", "404": "Unknown hold" },
  },
  {
    method: "post",
    path: "/api/bookings",
    summary: "Book an event",
    tag: "Public",
    auth: false,
    query: z.strictObject({ location: z.string().max(64).optional() }),
    body: bookingBodySchema(),
    responses: {
      "201":
        "{id, reference, status: pending_deposit, manageUrl, quote, depositDueAt, payment}",
      "409": "SLOT_FULL",
      "422": "OUT_OF_SERVICE_AREA, OUTSIDE_BOOKING_WINDOW, VALIDATION_FAILED",
      "429": "Rate limited",
    },
  },
  {
    method: "post",
    path: "/api/sms/inbound",
    summary: "Twilio's inbound SMS webhook (STOP / START)",
    description:
      "Form post signed by Twilio (X-Twilio-Signature, HMAC-SHA1 with the auth token over the public URL and the sorted parameters). STOP and the other opt-out keywords record an opt-out for From (no SMS after it); START opts back in. Answers empty TwiML.",
    tag: "Public",
    auth: false,
    body: inboundSmsSchema,
    consumes: "application/x-www-form-urlencoded",
    headers: [TWILIO_SIGNATURE],
    responses: {
      "200": "Empty TwiML <Response/>",
      "403": "Missing or invalid signature (nothing written)",
      "404": "SMS is not configured",
      "422": "From is not an E.164 number, or Body is too long",
    },
    produces: "text/xml",
  },
  {
    method: "post",
    path: "/api/sms/status",
    summary: "Twilio's status callback for the SMS we send",
    description:
      "Form post signed by Twilio (X-Twilio-Signature, as for the inbound webhook), sent to the StatusCallback each outgoing SMS names. Records how far the message got on its outbox row, keeping the furthest status whatever order callbacks arrive in; an undelivered or failed SMS about a booking adds `sms_undelivered` to the booking's history. A SID that is not ours is acknowledged and changes nothing.",
    tag: "Public",
    auth: false,
    body: smsStatusSchema,
    consumes: "application/x-www-form-urlencoded",
    headers: [TWILIO_SIGNATURE],
    responses: {
      "204": "Recorded (or not ours)",
      "403": "Missing or invalid signature (nothing written)",
      "404": "SMS is not configured",
      "422": "MessageSid, MessageStatus or ErrorCode is malformed",
    },
  },
  {
    method: "get",
    path: "/api/bookings/{reference}",
    summary: "The customer's view of a booking",
    tag: "Customer booking",
    auth: false,
    query: customerViewQuerySchema,
    responses: { "200": "The booking", "404": "Unknown reference or token" },
  },
  {
    method: "post",
    path: "/api/bookings/{reference}/cancel",
    summary: "Request a cancellation (a manager decides)",
    tag: "Customer booking",
    auth: false,
    body: cancelBodySchema,
    responses: {
      "200": "The booking, cancellation_requested",
      "404": "Unknown reference or token",
      "409": "Not possible in this state",
      "422": "Invalid fields",
    },
  },
  {
    method: "post",
    path: "/api/bookings/{reference}/reschedule",
    summary: "Move the booking (fee after the free one)",
    tag: "Customer booking",
    auth: false,
    body: customerRescheduleBodySchema,
    responses: {
      "200": "The booking at its new time",
      "404": "Unknown reference or token",
      "409": "SLOT_FULL or not possible in this state",
      "422": "Invalid fields or outside the booking window",
    },
  },
  {
    method: "get",
    path: "/api/calendar/{feed}",
    summary: "A chef's private calendar feed (`{token}.ics`)",
    description:
      "The secret URL is the key (no sign-in): issued and revoked in the chef portal (/admin/me). No money figures.",
    tag: "Chef calendar",
    auth: false,
    produces: "text/calendar",
    responses: {
      "200": "iCalendar with one VEVENT per event",
      "404": "Unknown or revoked",
    },
  },
  {
    method: "get",
    path: "/api/staff/bookings",
    summary: "Search and filter bookings (keyset cursor)",
    tag: "Staff",
    auth: true,
    query: listQuerySchema,
    responses: { "200": "{items, nextCursor}", ...STAFF_ERRORS },
  },
  {
    method: "post",
    path: "/api/staff/bookings/cancel-batch",
    summary: "Cancel a batch of unpaid pending bookings (spam)",
    description:
      "Only unpaid pending_deposit bookings are cancelled; the others come back in skipped (a booking of a location the caller does not manage counts as not_found). No mail goes out. Audited per booking and per batch.",
    tag: "Staff",
    auth: true,
    roles: ["manager", "admin"],
    body: cancelBatchBodySchema,
    responses: {
      "200":
        "{cancelled:[{reference, status}], skipped:[{reference, reason: not_found|not_pending|paid, status?}]}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, or a chef",
      "422": "Invalid fields (references, reason)",
    },
  },
  {
    method: "get",
    path: "/api/staff/bookings/{ref}",
    summary:
      "Everything about a booking: address, party, quote, ledger, history, notes",
    tag: "Staff",
    auth: true,
    responses: { "200": "The booking detail", ...STAFF_ERRORS },
  },
  {
    method: "post",
    path: "/api/staff/bookings/{ref}/payments",
    summary: "Record a payment (the deposit confirms)",
    tag: "Staff",
    auth: true,
    body: paymentBodySchema,
    headers: [{
      name: "Idempotency-Key",
      required: true,
      description: "The same key never makes a second row",
    }],
    responses: {
      "201": "{payment, booking, replayed: false}",
      "200": "A replay: the first row, nothing written",
      "400": "IDEMPOTENCY_KEY_REQUIRED",
      "409": "STALE_BOOKING, IDEMPOTENCY_KEY_REUSED",
      ...STAFF_ERRORS,
    },
  },
  {
    method: "post",
    path: "/api/staff/bookings/{ref}/refunds",
    summary: "Record a refund",
    tag: "Staff",
    auth: true,
    body: paymentBodySchema,
    headers: [{
      name: "Idempotency-Key",
      required: false,
      description: "Optional; the same key never makes a second row",
    }],
    responses: {
      "201": "{payment, booking, replayed}",
      "409": "STALE_BOOKING",
      ...STAFF_ERRORS,
    },
  },
  {
    method: "post",
    path: "/api/staff/bookings/{ref}/actions",
    summary: "Approve/reject a cancellation, cancel, complete, no-show",
    tag: "Staff",
    auth: true,
    body: actionBodySchema,
    responses: {
      "200": "The booking (and any refund now due)",
      "409": "INVALID_TRANSITION, STALE_BOOKING",
      ...STAFF_ERRORS,
    },
  },
  {
    method: "post",
    path: "/api/staff/bookings/{ref}/notes",
    summary: "Add an internal note (optionally shown to the chef)",
    tag: "Staff",
    auth: true,
    body: noteBodySchema,
    responses: { "201": "The note", ...STAFF_ERRORS },
  },
  {
    method: "get",
    path: "/api/staff/bookings/{ref}/chef-suggestions",
    summary: "Ranked chefs with the score breakdown",
    tag: "Staff",
    auth: true,
    responses: { "200": "{suggestions}", ...STAFF_ERRORS },
  },
  {
    method: "put",
    path: "/api/staff/bookings/{ref}/chef",
    summary: "Assign (or unassign) a chef",
    tag: "Staff",
    auth: true,
    body: assignChefBodySchema,
    responses: {
      "200": "The booking",
      "409": "CHEF_UNAVAILABLE, STALE_BOOKING",
      ...STAFF_ERRORS,
    },
  },
  {
    method: "post",
    path: "/api/staff/bookings/{ref}/reschedule",
    summary: "Move a booking (capacity-checked; SPEC fee unless waived)",
    tag: "Staff",
    auth: true,
    body: rescheduleBodySchema,
    responses: {
      "200": "The booking with feeCents",
      "409": "SLOT_FULL, INVALID_TRANSITION, STALE_BOOKING",
      ...STAFF_ERRORS,
    },
  },
  {
    method: "put",
    path: "/api/staff/bookings/{ref}/party",
    summary: "Change the party and menu (re-quoted)",
    tag: "Staff",
    auth: true,
    body: partyBodySchema,
    responses: {
      "200": "The booking with the new quote and the overrides used",
      "409": "CUTOFF_PASSED (send override), INVALID_TRANSITION, STALE_BOOKING",
      ...STAFF_ERRORS,
    },
  },
  {
    method: "post",
    path: "/api/staff/bookings/{ref}/resend-mail",
    summary: "Queue a customer mail again",
    tag: "Staff",
    auth: true,
    body: resendBodySchema,
    responses: {
      "202": "{notificationId, kind}",
      ...STAFF_ERRORS,
      "404": "Unknown reference, or that mail was never sent",
    },
  },
  {
    method: "post",
    path: "/api/staff/assignments",
    summary: "Assign the best chef to every unassigned booking of a day",
    tag: "Staff",
    auth: true,
    body: bulkAssignBodySchema,
    responses: {
      "200": "{date, location, assignments:[{reference, chefId|null}]}",
      ...STAFF_ERRORS,
      "404": "Unknown location",
    },
  },
  {
    method: "get",
    path: "/api/staff/calendar",
    summary: "Slots, bookings, chefs, blackouts and time off of a location",
    tag: "Staff",
    auth: true,
    query: calendarQuerySchema,
    responses: {
      "200": "{location, from, to, dates, timeOff}",
      ...STAFF_ERRORS,
    },
  },
  {
    method: "get",
    path: "/api/staff/dashboard",
    summary: "Dashboard: today, upcoming and the key figures",
    description:
      "Events today and ahead (each date in its location's zone) and the " +
      "key figures: events today, bookings this week, deposits due, " +
      "unassigned bookings, revenue booked this week, cancellation " +
      "requests. RLS decides the scope; the dashboard reloads it when a " +
      "realtime change arrives.",
    tag: "Staff",
    auth: true,
    query: dashboardQuerySchema,
    responses: {
      "200": "{timeZone, today, upcoming, kpis}",
      ...STAFF_ERRORS,
    },
  },
  {
    method: "get",
    path: "/api/staff/feed",
    summary: "What the live feed missed: changes after a moment",
    description:
      "Booking creations, status changes and payments after `since`, oldest " +
      "first, in the shape realtime's postgres_changes delivers (the " +
      "dashboard fetches it after its channel was interrupted). RLS decides " +
      "which bookings the caller sees.",
    tag: "Staff",
    auth: true,
    query: feedSinceQuerySchema,
    responses: {
      "200": "{changes:[{table, eventType, commit_timestamp, new, old}]}",
      ...STAFF_ERRORS,
    },
  },
  {
    method: "get",
    path: "/api/staff/prep-list",
    summary: "A chef's prep list for a day",
    tag: "Staff",
    auth: true,
    query: prepListQuerySchema,
    responses: {
      "200": "{date, chef, guests, proteins, addons, events}",
      ...STAFF_ERRORS,
    },
  },
  {
    method: "post",
    path: "/api/staff/time-off/{id}",
    summary: "Approve or reject a chef's time-off request",
    tag: "Staff",
    auth: true,
    body: timeOffDecisionBodySchema,
    responses: {
      "200": "{id, status}",
      "409": "Already decided, or approving would strand a booking",
      ...STAFF_ERRORS,
      "404": "Unknown request",
    },
  },
  {
    method: "get",
    path: "/api/staff/inbox",
    summary: "Contact messages with their replies, open count and assignees",
    tag: "Staff",
    auth: true,
    roles: ["manager", "admin"],
    query: inboxQuerySchema,
    responses: {
      "200":
        "{items:[{id, name, email, phone, topic, message, eventDate, guests, at, assignedTo, assignedName, handledAt, handledName, replies}], openCount, assignees:[{userId, name}]}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, or a chef",
      "422": "Invalid view or limit",
    },
  },
  {
    method: "post",
    path: "/api/staff/inbox/{id}/{op}",
    summary:
      "Assign a contact message, reply to it by mail, or mark it handled",
    description:
      "The body depends on op: assign {assigneeId} (an active manager or admin, null unassigns); reply {body} (mailed through the outbox, the message counts as handled); handled {handled} (false reopens). Audited.",
    tag: "Staff",
    auth: true,
    roles: ["manager", "admin"],
    params: z.strictObject({
      id: z.guid().describe("Contact message id (anything else: 404)"),
      op: z.enum(INBOX_OP_NAMES).describe("What to do"),
    }),
    body: z.union([INBOX_OPS.assign, INBOX_OPS.reply, INBOX_OPS.handled]),
    responses: {
      "200": "assign: {id, assigneeId}; handled: {id, handled}",
      "201": "reply: the reply {id, body, at, authorName}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, or a chef",
      "404": "Unknown message, or an op other than assign, reply, handled",
      "422": "Invalid fields, or assigneeId is not an active manager or admin",
    },
  },
  {
    method: "get",
    path: "/api/staff/customers",
    summary: "Search customers by name, e-mail or phone (keyset cursor)",
    description:
      "q is words of the name or e-mail (each by prefix), an e-mail prefix (contains @) or a phone number (its digits, by prefix); empty lists everyone by name. Managers see customers with a booking at their locations, admins all; chefs none.",
    tag: "Staff",
    auth: true,
    roles: ["manager", "admin"],
    query: customersQuerySchema,
    responses: {
      "200": "{items:[{id, name, email, phone, tags, erasedAt}], nextCursor}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, or a chef",
      "422": "Invalid q, limit or cursor",
    },
  },
  {
    method: "get",
    path: "/api/staff/customers/duplicates",
    summary: "Suggested duplicate customers (same phone number)",
    tag: "Staff",
    auth: true,
    roles: ["manager", "admin"],
    query: duplicatesQuerySchema,
    responses: {
      "200": "{items:[{reason, customer, duplicate}]}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, or a chef",
      "422": "Invalid limit",
    },
  },
  {
    method: "get",
    path: "/api/staff/customers/{id}",
    summary:
      "A customer: bookings, lifetime value, average party, last event, preferred chef",
    description:
      "Lifetime value is payments minus refunds in the ledger, over the bookings the caller may see.",
    tag: "Staff",
    auth: true,
    roles: ["manager", "admin"],
    params: z.strictObject({ id: z.guid().describe("Customer id") }),
    responses: {
      "200":
        "{id, name, email, phone, tags, notes, erasedAt, createdAt, lifetimeValueCents, paidCents, refundedCents, bookingCount, averageParty, lastEventDate, preferredChef, bookings}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, or a chef",
      "404": "Unknown customer, or none of the caller's locations",
    },
  },
  {
    method: "patch",
    path: "/api/staff/customers/{id}",
    summary: "Edit a customer's notes and tags (audited before/after)",
    tag: "Staff",
    auth: true,
    roles: ["manager", "admin"],
    params: z.strictObject({ id: z.guid().describe("Customer id") }),
    body: updateCustomerBodySchema,
    responses: {
      "200": "{id, name, email, phone, tags, erasedAt}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, a chef, or a customer who also booked elsewhere",
      "404": "Unknown customer",
      "409": "The customer's data was erased",
      "422": "Invalid notes or tags",
    },
  },
  {
    method: "get",
    path: "/api/staff/reviews",
    summary: "Customer reviews of the caller's locations (all for admins)",
    tag: "Staff",
    auth: true,
    roles: ["manager", "admin"],
    query: staffReviewsQuerySchema,
    responses: {
      "200":
        "{items:[{id, rating, body, displayName, city, eventDate, status, isDemo, reference, locationName, at, moderatedAt}]}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, or a chef",
      "422": "Invalid status or limit",
    },
  },
  {
    method: "post",
    path: "/api/staff/customers/{id}/merge",
    summary: "Merge a duplicate customer into this one",
    description:
      "One transaction: the duplicate's bookings move to {id}, which keeps its name and e-mail and gains the duplicate's phone (if it had none), notes and tags; the duplicate is deleted. Audited with before/after.",
    tag: "Staff",
    auth: true,
    roles: ["manager", "admin"],
    params: z.strictObject({ id: z.guid().describe("Surviving customer id") }),
    body: mergeBodySchema,
    responses: {
      "200": "The surviving customer {id, name, email, phone, tags, erasedAt}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, a chef, or a customer who also booked elsewhere",
      "404": "Unknown customer (or already merged away)",
      "409": "A customer's data was erased",
      "422": "Invalid duplicateId, or the customer itself",
    },
  },
  {
    method: "get",
    path: "/api/staff/customers/{id}/export",
    summary: "Download one customer's personal data as JSON (audited)",
    tag: "Staff",
    auth: true,
    roles: ["manager", "admin"],
    params: z.strictObject({ id: z.guid().describe("Customer id") }),
    responses: {
      "200":
        "{customer, bookings:[… payments], contactMessages} as an attachment",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, a chef, or a customer who also booked elsewhere",
      "404": "Unknown customer",
    },
  },
  {
    method: "post",
    path: "/api/staff/customers/{id}/erase",
    summary: "Erase one customer's personal data (audited)",
    description:
      "Name, e-mail, phone, notes and tags of the customer, address and notes of their bookings (and in the booking history), staff notes, their contact messages and outbox rows are anonymised; bookings, the payments ledger and counts stay. Refused (409) while a booking is pending deposit, confirmed or awaiting cancellation.",
    tag: "Staff",
    auth: true,
    roles: ["manager", "admin"],
    params: z.strictObject({ id: z.guid().describe("Customer id") }),
    responses: {
      "200": "The anonymised customer {id, name, email, phone, tags, erasedAt}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, a chef, or a customer who also booked elsewhere",
      "404": "Unknown customer",
      "409": "A booking is still upcoming, or already erased",
    },
  },
  {
    method: "post",
    path: "/api/staff/reviews/{id}",
    summary: "Approve or hide a customer review",
    description:
      "Managers of the review's location and admins. Audited (review.approve / review.hide); the public /reviews page and its JSON-LD change at once on every instance.",
    tag: "Staff",
    auth: true,
    roles: ["manager", "admin"],
    params: z.strictObject({
      id: z.guid().describe("Review id (anything else: 404)"),
    }),
    body: moderateBodySchema,
    responses: {
      "200": "{id, status}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, a chef, or a manager of another location",
      "404": "Unknown review",
      "422": "status is not approved or hidden",
    },
  },
  {
    method: "get",
    path: "/api/staff/audit",
    summary: "The audit log, newest first (keyset cursor)",
    description:
      "Filters: actor (a staff e-mail, a user id or an actor kind), action or its prefix, entity, entityId, and from/to days in the business time zone.",
    tag: "Staff",
    auth: true,
    roles: ["admin"],
    query: auditQuerySchema,
    responses: {
      "200":
        "{items:[{id, at, actor, actorId, actorName, actorEmail, action, entity, entityId, details, changes:[{field, before, after}]}], nextCursor}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, or not an admin",
      "422": "Invalid filters (e.g. to before from)",
    },
  },
  {
    method: "get",
    path: "/api/staff/analytics",
    summary: "Revenue, funnel, rates, mix and months of a date range",
    description:
      "Computed by app.analytics_report under the caller's RLS: a manager's numbers cover their locations only (another location → 403). Default range: the twelve months up to today. Definitions in ADR 0039.",
    tag: "Staff",
    auth: true,
    roles: ["manager", "admin"],
    query: analyticsQuerySchema,
    responses: {
      "200":
        "{from, to, location, revenueBookedCents, revenueEarnedCents, bookingsByStatus, funnel:{quotes, holds, bookings, depositPaid, completed}, cancellationRate, noShowRate, completedEvents, averagePartyGuests, averageTicketCents, customers, repeatCustomerRate, revenuePerCustomerCents, leadTime, proteinMix, addonMix, months}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, a chef, or a location the manager does not run",
      "422": "Invalid range or unknown location (issues name the paths)",
    },
  },
  {
    method: "get",
    path: "/api/staff/exports/{file}",
    summary: "CSV export of bookings, payments or customers for a range",
    description:
      "RFC 4180 (CRLF, header line first), streamed; a cell starting with = + - @ tab or CR gets a leading apostrophe. bookings: by event date; payments: by business day paid; customers: those with an event in the range. An empty range is the header line. Audited (action export.<kind>). RLS scopes a manager to their locations.",
    tag: "Staff",
    auth: true,
    roles: ["manager", "admin"],
    params: exportParamsSchema,
    query: analyticsQuerySchema,
    produces: "text/csv",
    responses: {
      "200": "CSV file (attachment)",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, a chef, or a location the manager does not run",
      "422": "Invalid range, file or location (issues name the paths)",
    },
  },
  {
    method: "get",
    path: "/api/staff/members",
    summary: "Staff members with their roles and locations",
    description:
      "Row-level security decides who is listed: admins see everyone, managers the staff of their locations, chefs themselves.",
    tag: "Staff",
    auth: true,
    roles: ["chef", "manager", "admin"],
    responses: {
      "200":
        "{items:[{userId, email, fullName, role, active, locationIds, updatedAt}]}",
      "401": STAFF_ERRORS["401"],
      "403": "Not active staff",
    },
  },
  {
    method: "patch",
    path: "/api/staff/members/{userId}",
    summary: "Change a member's role or locations; deactivate or reactivate",
    description:
      "Deactivation ends the member's sessions at once. Send expectedUpdatedAt (the updatedAt read) to be refused if someone else changed the member since. Audited.",
    tag: "Staff",
    auth: true,
    roles: ["admin"],
    params: z.strictObject({
      userId: z.uuid().describe("The member's user id (anything else: 404)"),
    }),
    body: updateMemberBodySchema,
    responses: {
      "200":
        "The member {userId, email, fullName, role, active, locationIds, updatedAt}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, or not an admin (refused by the database)",
      "404": "Unknown member",
      "409":
        "LAST_ADMIN (no active admin would be left), STALE_STAFF (changed since expectedUpdatedAt)",
      "422": "Invalid fields, nothing to change, or an unknown location id",
    },
  },
  {
    method: "patch",
    path: "/api/staff/chefs/{id}",
    summary: "Change a chef's name, home ZIP, largest party or rating",
    tag: "Staff",
    auth: true,
    roles: ["manager", "admin"],
    description:
      "Managers change the chefs of their locations, admins every chef. Audited with before and after.",
    params: z.strictObject({
      id: z.guid().describe("Chef id (anything else: 404)"),
    }),
    body: chefProfileBodySchema,
    responses: {
      "200":
        "The chef {id, userId, displayName, homeZip, maxPartySize, rating, active, locationName}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, or may see this chef but not change it (a chef)",
      "404":
        "Unknown chef, or a chef of a location the manager does not manage",
      "422": "Invalid fields, or a homeZip the travel data does not know",
    },
  },
  {
    method: "get",
    path: "/api/staff/locations",
    summary: "Every base location, inactive ones too",
    tag: "Staff",
    auth: true,
    roles: ["chef", "manager", "admin"],
    responses: {
      "200": "{items:[{id, slug, name, zip, timezone, active}]}",
      "401": STAFF_ERRORS["401"],
      "403": "Not active staff",
    },
  },
  {
    method: "post",
    path: "/api/staff/locations",
    summary: "Add a base location",
    description: "Travel is measured from its ZIP. Audited.",
    tag: "Staff",
    auth: true,
    roles: ["admin"],
    body: createLocationBodySchema,
    responses: {
      "201": "The location {id, slug, name, zip, timezone, active}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, or not an admin (refused by row-level security)",
      "409": "CONFLICT: the slug is taken (issue path slug)",
      "422": "Invalid fields, or a zip the travel data does not know",
    },
  },
  {
    method: "get",
    path: "/api/staff/settings",
    summary: "Settings versions: in force today, scheduled, all; the menu",
    tag: "Staff",
    auth: true,
    roles: ["admin"],
    responses: {
      "200": "{today, inForce, scheduled, versions, menu}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, or not an admin",
    },
  },
  {
    method: "put",
    path: "/api/staff/settings",
    summary: "Save settings as a version (today or a later date)",
    description:
      "effectiveFrom equal to the base version's own date edits it in place (if it is not yet in force); a later date schedules a new version. The changed fields are merged over the base and checked as a whole. Audited.",
    tag: "Staff",
    auth: true,
    roles: ["admin"],
    body: saveSettingsBodySchema,
    responses: {
      "200":
        "The version {id, effectiveFrom, revision, note, createdBy, createdAt, settings}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, or not an admin (refused by the database)",
      "404": "Unknown baseVersionId",
      "409":
        "STALE_SETTINGS (saved by someone else since baseRevision: reload), VERSION_DATE_TAKEN",
      "422":
        "Invalid fields, settings that contradict each other, or effectiveFrom in the past (issue paths)",
    },
  },
  {
    method: "post",
    path: "/api/staff/settings/preview",
    summary: "Price the typical party before and after changes (nothing saved)",
    tag: "Staff",
    auth: true,
    roles: ["admin"],
    body: previewSettingsBodySchema,
    responses: {
      "200": "{before, after, differenceCents}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, or not an admin",
      "404": "Unknown baseVersionId",
      "422": "Invalid fields, or settings that contradict each other",
    },
  },
  {
    method: "post",
    path: "/api/staff/menu-items",
    summary: "Add a protein or add-on to the menu",
    description:
      "On the menu at once; quotes of existing bookings do not change. Audited.",
    tag: "Staff",
    auth: true,
    roles: ["admin"],
    body: createMenuItemBodySchema,
    responses: {
      "201":
        "The item {code, kind, label, premiumSurchargeCents, priceCents, active, sortOrder}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, or not an admin (refused by row-level security)",
      "409": "CONFLICT: the code is taken (issue path code)",
      "422": "Invalid fields, a price on a protein or a surcharge on an add-on",
    },
  },
  {
    method: "patch",
    path: "/api/staff/menu-items/{code}",
    summary: "Rename, reprice, reorder, retire or bring back a menu item",
    description:
      "active: false retires the item: it leaves the menu and new quotes; bookings that ordered it keep it in their stored quote. Audited.",
    tag: "Staff",
    auth: true,
    roles: ["admin"],
    params: z.strictObject({
      code: menuCodeSchema.describe("Menu item code (unknown: 404)"),
    }),
    body: updateMenuItemBodySchema,
    responses: {
      "200":
        "The item {code, kind, label, premiumSurchargeCents, priceCents, active, sortOrder}",
      "401": STAFF_ERRORS["401"],
      "403": "Not staff, or not an admin",
      "404": "Unknown code",
      "422": "Invalid fields, a price on a protein or a surcharge on an add-on",
    },
  },
  {
    method: "get",
    path: "/api/staff/me",
    summary: "Chef portal: my profile, upcoming events, time off, feed status",
    tag: "Chef portal",
    auth: true,
    responses: {
      "200": "{chef, events, timeOff, feed} (no money figures)",
      "401": STAFF_ERRORS["401"],
      "403": "No chef profile",
    },
  },
  {
    method: "put",
    path: "/api/staff/me/weekdays",
    summary: "Chef portal: set my working weekdays (ISO 1–7)",
    tag: "Chef portal",
    auth: true,
    body: weekdaysBodySchema,
    responses: {
      "200": "{weekdays}",
      "409": "Removing a day would strand a booking without a chef",
      "401": STAFF_ERRORS["401"],
      "403": "No chef profile",
      "422": STAFF_ERRORS["422"],
    },
  },
  {
    method: "post",
    path: "/api/staff/me/time-off",
    summary: "Chef portal: request time off (a manager decides)",
    tag: "Chef portal",
    auth: true,
    body: timeOffBodySchema,
    responses: {
      "201": "The request, status requested",
      "401": STAFF_ERRORS["401"],
      "403": "No chef profile",
      "422": STAFF_ERRORS["422"],
    },
  },
  {
    method: "post",
    path: "/api/staff/me/calendar-feed",
    summary: "Chef portal: issue a new private .ics URL (revokes the old one)",
    tag: "Chef portal",
    auth: true,
    responses: {
      "201": "{url}: shown once",
      "401": STAFF_ERRORS["401"],
      "403": "No chef profile",
    },
  },
  {
    method: "delete",
    path: "/api/staff/me/calendar-feed",
    summary: "Chef portal: revoke my .ics URL",
    tag: "Chef portal",
    auth: true,
    responses: {
      "200": "{revoked}",
      "401": STAFF_ERRORS["401"],
      "403": "No chef profile",
    },
  },
];

/** JSON Schema of a request schema (input side), without `$schema`. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const out = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

/** Path parameters of an OpenAPI path (`{ref}` → `ref`). */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
}

const PARAM_DESCRIPTIONS: Record<string, string> = {
  ref: REF,
  reference: REF,
  id: "Hold id (holds) or time-off request id (time off)",
  feed: "`<token>.ics`",
};

type ObjectSchema = {
  properties?: Record<string, Record<string, unknown>>;
  required?: string[];
};

function parameters(op: Operation): unknown[] {
  const given = op.params
    ? (jsonSchemaOf(op.params) as ObjectSchema).properties ?? {}
    : {};
  const out: unknown[] = pathParams(op.path).map((name) => {
    const { description, ...schema } = given[name] ??
      { type: "string", description: PARAM_DESCRIPTIONS[name] };
    return {
      name,
      in: "path",
      required: true,
      ...(description ? { description } : {}),
      schema,
    };
  });
  if (op.query) {
    const s = jsonSchemaOf(op.query) as ObjectSchema;
    for (const [name, schema] of Object.entries(s.properties ?? {})) {
      const { description, ...rest } = schema;
      out.push({
        name,
        in: "query",
        required: (s.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  for (const h of op.headers ?? []) {
    out.push({
      name: h.name,
      in: "header",
      required: h.required,
      description: h.description,
      schema: { type: "string", minLength: 1, maxLength: 200 },
    });
  }
  return out;
}

function responses(op: Operation): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [status, description] of Object.entries(op.responses)) {
    const code = Number(status);
    out[status] = code >= 400
      ? {
        description,
        content: {
          "application/json": {
            schema: { $ref: "#/components/schemas/Error" },
          },
        },
      }
      : code === 204
      ? { description }
      : {
        description,
        content: { [op.produces ?? "application/json"]: { schema: {} } },
      };
  }
  return out;
}

/** The SPEC §5 error body as JSON Schema. */
const ERROR_SCHEMA = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message", "issues"],
      properties: {
        code: { type: "string", examples: ["VALIDATION_FAILED"] },
        message: { type: "string" },
        issues: {
          type: "array",
          items: {
            type: "object",
            required: ["path", "message"],
            properties: {
              path: { type: "string" },
              message: { type: "string" },
            },
          },
        },
      },
    },
  },
};

/** "Roles: manager, admin." for an operation limited to some staff roles. */
export function rolesText(op: Operation): string {
  return op.roles ? `Roles: ${op.roles.join(", ")}.` : "";
}

/** The OpenAPI 3.1 document, served from `publicUrl`. */
export function openApiDocument(publicUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const operation: Record<string, unknown> = {
      operationId: `${op.method}${
        op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) =>
          (c ?? "").toUpperCase())
      }`,
      summary: op.summary,
      tags: [op.tag],
      parameters: parameters(op),
      responses: responses(op),
    };
    const description = [op.description, rolesText(op)].filter(Boolean)
      .join(" ");
    if (description) operation.description = description;
    if (op.auth) operation.security = [{ bearerAuth: [] }];
    if (op.roles) operation["x-staff-roles"] = [...op.roles];
    if (op.body) {
      operation.requestBody = {
        required: true,
        content: {
          [op.consumes ?? "application/json"]: {
            schema: jsonSchemaOf(op.body),
          },
        },
      };
    }
    (paths[op.path] ??= {})[op.method] = operation;
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "MyHibachi API",
      version: "1.0.0",
      description:
        "Quotes, availability, holds and bookings for customers; the Staff API (Authorization: Bearer <Supabase access token>, RLS decides). Errors: {error:{code, message, issues:[{path, message}]}}.",
    },
    servers: [{ url: publicUrl }],
    tags: [
      { name: "Public" },
      { name: "Customer booking" },
      { name: "Staff" },
      { name: "Chef portal" },
      { name: "Chef calendar" },
      { name: "Meta" },
    ],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "A Supabase Auth access token of an active staff member",
        },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
  };
}

/**
 * The OpenAPI path of a route file under `routes/` (`./routes/api/staff/
 * bookings/[ref]/index.ts` → `/api/staff/bookings/{ref}`), or null for
 * files that are not routes (middlewares, `_`/`(_…)` helpers).
 */
export function routeFilePath(file: string): string | null {
  const rel = file.replace(/^\.\/routes/, "").replace(/\.(ts|tsx)$/, "");
  const parts = rel.split("/").filter(Boolean);
  if (parts.some((p) => p.startsWith("_") || p.startsWith("(_"))) return null;
  const segs = parts.filter((p) => !/^\(.*\)$/.test(p));
  if (segs.at(-1) === "index") segs.pop();
  return "/" + segs.map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/");
}
