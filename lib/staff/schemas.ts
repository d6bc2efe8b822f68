/**
 * Zod schemas of the Staff API (SPEC §5): query strings and JSON bodies.
 * Strict: unknown keys are refused with their path. The admin pages parse
 * their form posts with the same schemas.
 *
 * @module
 */
import { z } from "zod";
import { BOOKING_STATUSES, STAFF_ACTIONS } from "../booking_status/mod.ts";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "invalid date");

const uuid = z.string().regex(
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  "expected a UUID",
);

/** A booking reference in a path. */
export const referenceSchema = z.string().trim().min(3).max(40).regex(
  /^[A-Za-z0-9-]+$/,
  "invalid reference",
);

/** `GET /api/staff/bookings` query. */
export const listQuerySchema = z.strictObject({
  q: z.string().trim().max(200).optional(),
  status: z.string().optional().transform((s, ctx) => {
    if (!s) return undefined;
    const parts = s.split(",").map((p) => p.trim()).filter(Boolean);
    for (const p of parts) {
      if (!(BOOKING_STATUSES as readonly string[]).includes(p)) {
        ctx.addIssue({ code: "custom", message: `unknown status "${p}"` });
        return z.NEVER;
      }
    }
    return parts.length ? parts : undefined;
  }),
  from: isoDate.optional(),
  to: isoDate.optional(),
  location: z.string().trim().max(100).optional(),
  chef: z.union([uuid, z.literal("none")]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(300).optional(),
});
export type ListQuery = z.output<typeof listQuerySchema>;

/** Date/time of an optimistic-concurrency check (`updated_at` read before). */
const expectedUpdatedAt = z.iso.datetime({ offset: true }).optional();

/** Payment methods staff record. */
export const PAYMENT_METHODS = ["zelle", "venmo", "cash", "card"] as const;

/** `POST …/payments` and `POST …/refunds` body. */
export const paymentBodySchema = z.strictObject({
  method: z.enum(PAYMENT_METHODS),
  amountCents: z.number().int().positive().max(10_000_000),
  note: z.string().trim().max(500).optional(),
  expectedUpdatedAt,
});
export type PaymentBody = z.output<typeof paymentBodySchema>;

/** The `Idempotency-Key` header. */
export const idempotencyKeySchema = z.string().trim().min(1).max(200);

/** `POST …/actions` body. */
export const actionBodySchema = z.strictObject({
  action: z.enum(STAFF_ACTIONS),
  reason: z.string().trim().max(2000).optional(),
  expectedUpdatedAt,
});
export type ActionBody = z.output<typeof actionBodySchema>;

/** `POST …/notes` body. */
export const noteBodySchema = z.strictObject({
  body: z.string().trim().min(1).max(4000),
  forChef: z.boolean().optional(),
});
export type NoteBody = z.output<typeof noteBodySchema>;

/** `PUT …/chef` body (`null` unassigns). */
export const assignChefBodySchema = z.strictObject({
  chefId: uuid.nullable(),
  expectedUpdatedAt,
});
export type AssignChefBody = z.output<typeof assignChefBodySchema>;

/** `GET /api/staff/dashboard` query: none (unknown keys are refused). */
export const dashboardQuerySchema = z.strictObject({});

/** `GET /api/staff/prep-list` query. */
export const prepListQuerySchema = z.strictObject({
  date: isoDate,
  chef: uuid.optional(),
});
export type PrepListQuery = z.output<typeof prepListQuerySchema>;

/** `GET /api/staff/calendar` query (at most 62 days). */
export const calendarQuerySchema = z.strictObject({
  from: isoDate,
  to: isoDate,
  location: z.string().trim().min(1).max(100),
}).refine((q) => q.from <= q.to, { path: ["to"], message: "before from" })
  .refine(
    (q) =>
      Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`) <=
        61 * 86_400_000,
    { path: ["to"], message: "at most 62 days" },
  );
export type CalendarQuery = z.output<typeof calendarQuerySchema>;

/**
 * A query string as a plain object (last value of a repeated key wins),
 * without `fresh-partial`: the framework's marker of a partial request
 * (client navigation between staff pages) is not a filter.
 */
export function queryObject(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) if (k !== "fresh-partial") out[k] = v;
  return out;
}

/**
 * {@link queryObject} without blank values: on a staff page's filter form
 * an empty field means "no filter".
 */
export function filledQuery(params: URLSearchParams): Record<string, string> {
  return Object.fromEntries(
    Object.entries(queryObject(params)).filter(([, v]) => v.trim() !== ""),
  );
}

/** Chef portal: `{startsOn, endsOn, reason?}` (inclusive dates, at most a year). */
export const timeOffBodySchema = z.strictObject({
  startsOn: isoDate,
  endsOn: isoDate,
  reason: z.string().trim().max(500).optional(),
}).refine((b) => b.startsOn <= b.endsOn, {
  path: ["endsOn"],
  message: "before startsOn",
}).refine(
  (b) =>
    Date.parse(`${b.endsOn}T00:00:00Z`) -
        Date.parse(`${b.startsOn}T00:00:00Z`) <= 366 * 86_400_000,
  { path: ["endsOn"], message: "at most a year" },
);
export type TimeOffBody = z.output<typeof timeOffBodySchema>;

/** Chef portal: working weekdays, ISO 1 (Monday) … 7 (Sunday), may be empty. */
export const weekdaysBodySchema = z.strictObject({
  weekdays: z.array(z.coerce.number().int().min(1).max(7)).max(7),
});
export type WeekdaysBody = z.output<typeof weekdaysBodySchema>;

/** `POST /api/staff/time-off/{id}` body (and the calendar's form). */
export const timeOffDecisionSchema = z.strictObject({
  id: uuid,
  decision: z.enum(["approved", "rejected"]),
});
export type TimeOffDecision = z.output<typeof timeOffDecisionSchema>;

/** `POST …/reschedule` body: a new date and start time; `waiveFee` is audited. */
export const rescheduleBodySchema = z.strictObject({
  date: isoDate,
  time: z.string().regex(/^\d{2}:\d{2}$/, "expected HH:MM"),
  waiveFee: z.boolean().optional(),
  reason: z.string().trim().max(2000).optional(),
  expectedUpdatedAt,
});
export type RescheduleBody = z.output<typeof rescheduleBodySchema>;

const counts = z.record(
  z.string().min(1).max(40),
  z.number().int().min(0).max(200),
);

/**
 * `PUT …/party` body: the new party and menu (re-quoted by the server).
 * `override: true` lets staff pass the SPEC cutoffs (guest count 24 h, menu
 * 12 h before); it is audited. Menu codes and the protein rule are checked
 * against the live catalog by the quote schema.
 */
export const partyBodySchema = z.strictObject({
  adults: z.number().int().min(0).max(50),
  children: z.number().int().min(0).max(50),
  under6: z.number().int().min(0).max(50).optional(),
  proteins: counts,
  extraProteins: counts.optional(),
  addons: counts.optional(),
  override: z.boolean().optional(),
  reason: z.string().trim().max(2000).optional(),
  expectedUpdatedAt,
});
export type PartyBody = z.output<typeof partyBodySchema>;

/** Customer mails staff can send again. */
export const RESENDABLE_MAILS = [
  "booking_created",
  "booking_confirmed",
  "booking_rescheduled",
  "cancellation_requested",
  "booking_cancelled",
] as const;

/** `POST …/resend-mail` body. */
export const resendBodySchema = z.strictObject({
  kind: z.enum(RESENDABLE_MAILS),
});
export type ResendBody = z.output<typeof resendBodySchema>;

/** `POST /api/staff/assignments` body: best chef for every unassigned booking of a day. */
export const bulkAssignBodySchema = z.strictObject({
  location: z.string().trim().min(1).max(100),
  date: isoDate,
});
export type BulkAssignBody = z.output<typeof bulkAssignBodySchema>;

/** `POST /api/staff/time-off/{id}` body. */
export const timeOffDecisionBodySchema = z.strictObject({
  decision: z.enum(["approved", "rejected"]),
});
