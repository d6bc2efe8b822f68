/**
 * The manage link's actions: view, request cancellation, reschedule. Every
 * call needs the booking reference and its secret token; a wrong token gets
 * the same 404 as an unknown reference.
 *
 * @module
 */
import { z } from "zod";
import {
  cancellationRefundCents,
  isCustomerOpen,
} from "../booking_status/mod.ts";
import { rescheduleFeeCents, slotStartInstant } from "../booking_window/mod.ts";
import {
  type Db,
  type Queryable,
  readBatch,
  type TransactionSql,
  withClaims,
} from "../db/mod.ts";
import type { SlotsChanged } from "../availability/service.ts";
import type { PricingSettings, Quote } from "../pricing/mod.ts";
import { requoteParty } from "../staff/changes.ts";
import { isoDate, isoTime } from "../schemas/mod.ts";
import { multiLine } from "../schemas/text.ts";
import {
  type Catalog,
  catalogOf,
  catalogQueries,
  loadCatalog,
} from "./catalog.ts";
import {
  BookingError,
  bookingNotFound,
  constraintOf,
  fromZod,
  requireWithinWindow,
  slotFull,
  validationFailed,
} from "./errors.ts";
import { isPlausibleToken } from "./token.ts";
import {
  type BookingViewRow,
  type CustomerBookingView,
  toCustomerView,
} from "./view.ts";

const REFERENCE = /^MH-[0-9A-Z]{6}$/i;

/** Body of a cancellation request: the manage token and an optional reason. */
export const cancelBodySchema = z.strictObject({
  token: z.string().max(128),
  reason: z.string().overwrite(multiLine).max(2000).optional(),
});

/** Body of a reschedule: the manage token and the new slot. */
export const rescheduleBodySchema = z.strictObject({
  token: z.string().max(128),
  date: isoDate,
  time: isoTime,
});

async function loadView(
  tx: TransactionSql,
  reference: string,
  token: unknown,
): Promise<BookingViewRow> {
  return viewOf(await viewQuery(tx, reference, token));
}

/**
 * The statement of {@link loadView}, not yet sent; throws 404 first for a
 * reference or token that cannot be one.
 */
function viewQuery(sql: Queryable, reference: string, token: unknown) {
  if (!REFERENCE.test(reference) || !isPlausibleToken(token)) {
    throw bookingNotFound();
  }
  return sql<{ view: BookingViewRow | null }[]>`
    select app.booking_view_by_token(${reference}, ${token}) as view`;
}

function viewOf(
  rows: readonly { view: BookingViewRow | null }[],
): BookingViewRow {
  const view = rows[0]?.view;
  if (!view) throw bookingNotFound();
  return view;
}

function view(
  row: BookingViewRow,
  catalog: Catalog,
  now: Date,
): CustomerBookingView {
  return toCustomerView(row, catalog.settings, now);
}

/**
 * The customer's view of booking `reference` when `token` is its manage token.
 *
 * @throws {BookingError} 404 `NOT_FOUND` (unknown reference or wrong token).
 */
export async function viewBooking(
  db: Db,
  reference: string,
  token: unknown,
  now: Date,
): Promise<CustomerBookingView> {
  // One round trip (ADR 0062): the booking and the catalog it is shown with.
  const [rows, settings, items] = await readBatch(db, null, (sql) => [
    viewQuery(sql, reference, token),
    ...catalogQueries(sql),
  ]);
  return view(viewOf(rows), catalogOf(settings, items), now);
}

/** What cancelling now would mean for the customer's money (SPEC §2). */
export interface CancellationTerms {
  /** Cents owed back if a manager approves a request made now. */
  refundCents: number;
  /** Cents the business keeps (the forfeited deposit, if any). */
  keptCents: number;
  /** Net cents received so far. */
  paidCents: number;
  /** A request made now is in time for the deposit refund (≥ 96 h ahead). */
  inTime: boolean;
  /** Hours before the start that still refund the deposit (96). */
  freeCancellationHours: number;
  /** ISO instant: the last moment a request still refunds the deposit. */
  refundDeadline: string;
}

/**
 * The terms of a cancellation requested at `now`, by the same rule the
 * manager's approval applies ({@link cancellationRefundCents}, mirrored by
 * `app.cancellation_refund_cents`). Pure.
 */
export function cancellationTerms(
  v: CustomerBookingView,
  settings: Pick<PricingSettings, "freeCancellationHours">,
  now: Date,
): CancellationTerms {
  const refundCents = cancellationRefundCents({
    paidCents: v.paidCents,
    depositCents: v.depositCents,
    requestedAt: now,
    eventStartsAt: new Date(v.startsAt),
    freeCancellationHours: settings.freeCancellationHours,
  });
  return {
    refundCents,
    keptCents: Math.max(v.paidCents - refundCents, 0),
    paidCents: v.paidCents,
    inTime: v.policy.cancellationRefundsDeposit,
    freeCancellationHours: settings.freeCancellationHours,
    refundDeadline: v.policy.refundDeadline,
  };
}

/** The booking and its cancellation terms, for the confirmation step. */
export interface CancellationPreview {
  view: CustomerBookingView;
  terms: CancellationTerms;
}

/**
 * The confirmation step of a cancellation: the booking and what a request
 * made at `now` would refund. Changes nothing.
 *
 * @throws {BookingError} 404, 409 `CONFLICT` when the status or the time
 *   no longer allows a cancellation request.
 */
export async function previewCancellation(
  db: Db,
  reference: string,
  token: unknown,
  now: Date,
): Promise<CancellationPreview> {
  return await withClaims(db, null, async (tx) => {
    const row = await loadView(tx, reference, token);
    const catalog = await loadCatalog(tx);
    const v = view(row, catalog, now);
    if (!v.policy.canRequestCancellation) {
      throw new BookingError(
        409,
        "CONFLICT",
        `A ${
          v.status.replaceAll("_", " ")
        } booking cannot be cancelled online.`,
      );
    }
    return { view: v, terms: cancellationTerms(v, catalog.settings, now) };
  }, { readOnly: true });
}

/**
 * Asks to cancel (`cancellation_requested`); a manager approves or rejects.
 * The answer's `policy.cancellationRefundsDeposit` says whether the deposit
 * will be refunded (≥ 96 h before the start).
 *
 * @throws {BookingError} 404, 422 `VALIDATION_FAILED`, 409 `CONFLICT` when
 *   the status does not allow it (already cancelled, completed, …).
 */
export async function requestCancellation(
  db: Db,
  reference: string,
  body: unknown,
  now: Date,
  slots?: SlotsChanged,
): Promise<CustomerBookingView> {
  const parsed = cancelBodySchema.safeParse(body);
  if (!parsed.success) throw fromZod(parsed.error);
  const updated = await withClaims(db, null, async (tx) => {
    const before = await loadView(tx, reference, parsed.data.token);
    const start = slotStartInstant(
      before.booking.event_date,
      before.booking.slot_time,
      before.location.timezone,
    );
    const status = before.booking.status;
    if (
      !isCustomerOpen(status) || now >= start
    ) {
      throw new BookingError(
        409,
        "CONFLICT",
        `A ${status.replaceAll("_", " ")} booking cannot be cancelled online.`,
      );
    }
    await tx`select app.request_cancellation(${reference}, ${parsed.data.token}, ${
      parsed.data.reason ?? ""
    })`;
    return view(
      await loadView(tx, reference, parsed.data.token),
      await loadCatalog(tx),
      now,
    );
  });
  // A cancellation request stops holding the chef (SPEC §2), freeing the slot.
  slots?.changed();
  return updated;
}

/**
 * Moves the booking to another slot. The first reschedule at least 24 h
 * before the event is free; later or further ones add the reschedule fee to
 * the total. The new slot must be within the booking window and free.
 *
 * @throws {BookingError} 404, 422 `VALIDATION_FAILED` /
 *   `OUTSIDE_BOOKING_WINDOW`, 409 `SLOT_FULL` / `CONFLICT`.
 */
export async function rescheduleBooking(
  db: Db,
  reference: string,
  body: unknown,
  now: Date,
  slots?: SlotsChanged,
): Promise<CustomerBookingView> {
  const parsed = rescheduleBodySchema.safeParse(body);
  if (!parsed.success) throw fromZod(parsed.error);
  const { token, date, time } = parsed.data;
  try {
    const moved = await withClaims(db, null, async (tx) => {
      const catalog = await loadCatalog(tx);
      const before = await loadView(tx, reference, token);
      const b = before.booking;
      if (!catalog.settings.slotTimes.includes(time)) {
        throw validationFailed([{
          path: "time",
          message: `must be one of the start times ${
            catalog.settings.slotTimes.join(", ")
          }`,
        }]);
      }
      if (b.event_date === date && b.slot_time === time) {
        throw validationFailed([{
          path: "date",
          message: "the booking is already at that date and time",
        }]);
      }
      const start = slotStartInstant(
        b.event_date,
        b.slot_time,
        before.location.timezone,
      );
      if (
        !isCustomerOpen(b.status) || now >= start
      ) {
        throw new BookingError(
          409,
          "CONFLICT",
          `A ${
            b.status.replaceAll("_", " ")
          } booking cannot be rescheduled online.`,
        );
      }
      requireWithinWindow(
        date,
        time,
        before.location.timezone,
        now,
        catalog.settings,
      );
      const fee = rescheduleFeeCents(
        start,
        now,
        b.reschedule_count,
        catalog.settings,
      );
      await tx`select app.reschedule_booking(${reference}, ${token}, ${date}::date, ${time}, ${fee})`;
      return view(await loadView(tx, reference, token), catalog, now);
    });
    slots?.changed();
    return moved;
  } catch (err) {
    if (err instanceof BookingError) throw err;
    if (constraintOf(err) === "slot_capacity") throw slotFull();
    throw err;
  }
}

const count = z.number().int().min(0).max(10_000);
const counts = z.record(z.string().max(64), count);

/** Body of a guest/menu change: the manage token and the new party. */
export const partyChangeBodySchema = z.strictObject({
  token: z.string().max(128),
  adults: count,
  children: count,
  under6: count.optional(),
  proteins: counts,
  extraProteins: counts.optional(),
  addons: counts.optional(),
});

/** A guest/menu change priced for the customer (ADR 0027). */
export interface PartyChangePreview {
  view: CustomerBookingView;
  quote: Quote;
  previousTotalCents: number;
  totalCents: number;
  /** Net received so far. */
  paidCents: number;
  /** New total − old total (negative when cheaper). */
  changeCents: number;
  /** Still to pay after the change. */
  toPayCents: number;
  /** Paid beyond the new total: owed back to the customer. */
  refundCents: number;
}

function cutoffMessage(past: string[], settings: Catalog["settings"]): string {
  const parts: string[] = [];
  if (past.includes("guest_count")) {
    parts.push(
      `the guest count is final ${settings.guestCountFinalHours} hours before the event`,
    );
  }
  if (past.includes("menu")) {
    parts.push(
      `the menu is final ${settings.menuFinalHours} hours before the event`,
    );
  }
  const text = parts.join(" and ");
  return `${text[0].toUpperCase()}${
    text.slice(1)
  }, so this change can no longer be made online. Please contact us.`;
}

/**
 * Prices a new party and menu for booking `reference` with the staff
 * party-edit quote ({@link requoteParty}); with `commit` also saves it
 * (`app.customer_edit_party`, a customer `party_changed` event). Refused
 * after the SPEC cutoffs (guest count 24 h, menu 12 h before the start).
 *
 * @throws {BookingError} 404, 422 `VALIDATION_FAILED` (the field at fault),
 *   409 `CUTOFF_PASSED`, 409 `CONFLICT` (status does not allow changes).
 */
export async function changeParty(
  db: Db,
  reference: string,
  body: unknown,
  now: Date,
  opts: { commit: boolean },
): Promise<PartyChangePreview> {
  const parsed = partyChangeBodySchema.safeParse(body);
  if (!parsed.success) throw fromZod(parsed.error);
  const { token, ...input } = parsed.data;
  try {
    return await withClaims(db, null, async (tx) => {
      const row = await loadView(tx, reference, token);
      const catalog = await loadCatalog(tx);
      const before = view(row, catalog, now);
      const b = row.booking;
      if (!isCustomerOpen(b.status) || now >= new Date(before.startsAt)) {
        throw new BookingError(
          409,
          "CONFLICT",
          `The party of a ${
            b.status.replaceAll("_", " ")
          } booking cannot be changed online.`,
        );
      }
      const [loc] = await tx<{ id: string; zip: string }[]>`
        select id, zip from public.locations where slug = ${row.location.slug}`;
      if (!loc) throw bookingNotFound();
      const change = requoteParty(
        {
          ...b,
          quote: b.quote as unknown as Record<string, unknown>,
          location_id: loc.id,
          location_slug: row.location.slug,
          location_name: row.location.name,
          location_zip: loc.zip,
          timezone: row.location.timezone,
        },
        input,
        catalog,
        now,
      );
      if (!change.ok) throw validationFailed(change.issues);
      if (change.pastCutoff.length) {
        throw new BookingError(
          409,
          "CUTOFF_PASSED",
          cutoffMessage(change.pastCutoff, catalog.settings),
        );
      }
      let after = before;
      if (opts.commit) {
        await tx`select app.customer_edit_party(${reference}, ${token}, ${
          tx.json({
            adults: change.body.adults,
            children: change.body.children,
            under6: change.body.under6,
            proteins: change.body.proteins,
            extra_proteins: change.body.extraProteins,
            addons: change.body.addons,
          })
        }, ${
          tx.json(change.quote as never)
        }, ${change.total}::int, ${change.deposit}::int)`;
        after = view(await loadView(tx, reference, token), catalog, now);
      }
      const paid = before.paidCents;
      return {
        view: after,
        quote: change.quote,
        previousTotalCents: before.totalCents,
        totalCents: change.total,
        paidCents: paid,
        changeCents: change.total - before.totalCents,
        toPayCents: Math.max(change.total - paid, 0),
        refundCents: Math.max(paid - change.total, 0),
      };
    }, { readOnly: !opts.commit });
  } catch (err) {
    if (err instanceof BookingError) throw err;
    if (constraintOf(err) === "customer_party_change") {
      throw new BookingError(
        409,
        "CONFLICT",
        "This booking can no longer be changed online.",
      );
    }
    throw err;
  }
}
