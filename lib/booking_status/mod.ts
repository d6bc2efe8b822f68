/**
 * The booking lifecycle (SPEC §2), in one place: the statuses, which of them
 * hold a chef (and a unit of slot capacity), the legal transitions, the staff
 * actions and where each leads, and the cancellation refund rule.
 *
 * The database enforces the same table (`app.booking_transition_allowed`,
 * `app.staff_booking_action`, `app.cancellation_refund_cents`);
 * tests/db/staff_domain_agreement_test.ts checks the two agree. Pure: no
 * database, no environment, no clock (callers pass `now`).
 *
 * @example
 * ```ts
 * const r = staffActionTarget("no_show", {
 *   status: "confirmed",
 *   eventStartsAt: new Date("2027-05-02T01:00:00Z"),
 *   now: new Date(),
 * });
 * if (!r.ok) return conflict(r.code, r.message); // 409 INVALID_TRANSITION
 * ```
 *
 * @module
 */

/** Every status of the lifecycle. */
export const BOOKING_STATUSES = [
  "pending_deposit",
  "confirmed",
  "completed",
  "cancellation_requested",
  "cancelled",
  "expired",
  "no_show",
] as const;

/** A booking status (SPEC §2). */
export type BookingStatus = typeof BOOKING_STATUSES[number];

/** Statuses whose booking keeps a chef and a unit of slot capacity. */
export const CHEF_HOLDING_STATUSES: readonly BookingStatus[] = [
  "pending_deposit",
  "confirmed",
  "completed",
];

/**
 * Statuses that still describe an event to cook: the chef-holding ones that
 * lie ahead, and a pending cancellation request (staff dashboard).
 */
export const ACTIVE_EVENT_STATUSES: readonly BookingStatus[] = [
  "pending_deposit",
  "confirmed",
  "cancellation_requested",
];

/**
 * Statuses in which the customer may still change or cancel the booking
 * (before the event starts). Same as `app.request_cancellation` and the chef
 * assignment functions' `status in ('pending_deposit', 'confirmed')`.
 */
export const CUSTOMER_OPEN_STATUSES: readonly BookingStatus[] = [
  "pending_deposit",
  "confirmed",
];

/** True when the customer may still change or cancel a booking in this status. */
export function isCustomerOpen(status: BookingStatus): boolean {
  return CUSTOMER_OPEN_STATUSES.includes(status);
}

/** True when a booking in this status reserves its slot and its chef. */
export function holdsChef(status: BookingStatus): boolean {
  return CHEF_HOLDING_STATUSES.includes(status);
}

/** True for a string that is a booking status. */
export function isBookingStatus(value: unknown): value is BookingStatus {
  return typeof value === "string" &&
    (BOOKING_STATUSES as readonly string[]).includes(value);
}

/**
 * Legal moves from each status (the same status is always a no-op, not
 * listed). Mirrors `app.booking_transition_allowed`.
 */
export const TRANSITIONS: Readonly<
  Record<BookingStatus, readonly BookingStatus[]>
> = {
  pending_deposit: [
    "confirmed",
    "expired",
    "cancelled",
    "cancellation_requested",
  ],
  confirmed: ["completed", "cancelled", "cancellation_requested", "no_show"],
  // approval, or rejection back to where the booking was
  cancellation_requested: [
    "cancelled",
    "confirmed",
    "pending_deposit",
    "expired",
  ],
  completed: [],
  cancelled: [],
  expired: [],
  no_show: [],
};

/** True when `from → to` is allowed (same status: a no-op, allowed). */
export function canTransition(from: BookingStatus, to: BookingStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

/** True when no further status change is possible. */
export function isFinal(status: BookingStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

/** Actions staff take on a booking (SPEC §5 POST …/actions). */
export const STAFF_ACTIONS = [
  "approve_cancellation",
  "reject_cancellation",
  "cancel",
  "complete",
  "no_show",
] as const;

/** One of {@link STAFF_ACTIONS}. */
export type StaffAction = typeof STAFF_ACTIONS[number];

/** History event type each action writes (`booking_events.type`). */
export const STAFF_ACTION_EVENT: Readonly<Record<StaffAction, string>> = {
  approve_cancellation: "cancellation_approved",
  reject_cancellation: "cancellation_rejected",
  cancel: "cancelled",
  complete: "completed",
  no_show: "no_show",
};

/** What a staff action needs to know about the booking. */
export interface StaffActionContext {
  status: BookingStatus;
  /** Status before the pending cancellation request (for a rejection). */
  previousStatus?: BookingStatus | null;
  /** When the event starts (its slot in the location's zone). */
  eventStartsAt: Date;
  /** The caller's clock. */
  now: Date;
}

/** Where an action leads, or why it is refused (409 `INVALID_TRANSITION`). */
export type StaffActionResult =
  | { ok: true; to: BookingStatus }
  | { ok: false; code: "INVALID_TRANSITION"; message: string };

const FROM: Readonly<Record<StaffAction, readonly BookingStatus[]>> = {
  approve_cancellation: ["cancellation_requested"],
  reject_cancellation: ["cancellation_requested"],
  cancel: ["pending_deposit", "confirmed", "cancellation_requested"],
  complete: ["confirmed"],
  no_show: ["confirmed"],
};

/** The statuses from which `action` is possible. */
export function actionSources(action: StaffAction): readonly BookingStatus[] {
  return FROM[action];
}

/**
 * The status `action` moves a booking to, or the refusal. Complete and
 * no-show are possible only once the event has started. A rejected request
 * returns to the status it was made from (pending_deposit or confirmed).
 * Same rules as `app.staff_booking_action`.
 */
export function staffActionTarget(
  action: StaffAction,
  ctx: StaffActionContext,
): StaffActionResult {
  if (!FROM[action].includes(ctx.status)) {
    return refuse(`${action} is not allowed for a ${ctx.status} booking`);
  }
  if (
    (action === "complete" || action === "no_show") &&
    ctx.now.getTime() < ctx.eventStartsAt.getTime()
  ) {
    return refuse(`${action} is only possible once the event has started`);
  }
  switch (action) {
    case "approve_cancellation":
    case "cancel":
      return { ok: true, to: "cancelled" };
    case "reject_cancellation":
      return {
        ok: true,
        to: ctx.previousStatus === "pending_deposit"
          ? "pending_deposit"
          : "confirmed",
      };
    case "complete":
      return { ok: true, to: "completed" };
    case "no_show":
      return { ok: true, to: "no_show" };
  }
}

function refuse(message: string): StaffActionResult {
  return { ok: false, code: "INVALID_TRANSITION", message };
}

/** Facts of the cancellation refund rule. */
export interface CancellationRefundInput {
  /** Net money received (payments − refunds), cents. */
  paidCents: number;
  depositCents: number;
  /** When the customer asked (or staff cancelled). */
  requestedAt: Date;
  eventStartsAt: Date;
  /** `pricing_settings.free_cancellation_hours` (SPEC default 96). */
  freeCancellationHours: number;
}

/**
 * Cents owed back when a booking is cancelled (SPEC §2): asked at least
 * `freeCancellationHours` before the event, everything received (the
 * deposit included); later, the deposit is forfeited and only money beyond
 * it is owed. Same as `app.cancellation_refund_cents`.
 */
export function cancellationRefundCents(i: CancellationRefundInput): number {
  const inTime = i.eventStartsAt.getTime() - i.requestedAt.getTime() >=
    i.freeCancellationHours * 3_600_000;
  const kept = inTime ? 0 : Math.min(i.depositCents, Math.max(i.paidCents, 0));
  return Math.max(i.paidCents - kept, 0);
}
