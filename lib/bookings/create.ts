/**
 * `POST /api/bookings`: validate, price on the server, check the window and
 * the service area, then create the booking atomically in the database
 * (capacity, hold conversion, first history event and audit row in one
 * transaction).
 *
 * @module
 */
import { depositDueAt } from "../booking_window/mod.ts";
import { type Db, withClaims } from "../db/mod.ts";
import type { SlotsChanged } from "../availability/service.ts";
import { enqueueBookingCreated } from "../notifications/enqueue.ts";
import type { OutboxTrigger } from "../app/parts.ts";
import type { Quote } from "../pricing/mod.ts";
import { bookingBodySchema } from "../schemas/mod.ts";
import {
  loadCatalog,
  type LocationOption,
  requestedDate,
  resolveLocation,
  schemaRules,
} from "./catalog.ts";
import {
  BookingError,
  constraintOf,
  fromZod,
  outOfServiceArea,
  pendingLimitOf,
  requireWithinWindow,
  slotFull,
  validationFailed,
} from "./errors.ts";
import { type PaymentInstructions, paymentInstructions } from "./payment.ts";
import { priceQuote } from "../pricing/service.ts";
import { hashManageToken, newManageToken } from "./token.ts";
import { type RequestClient, UNKNOWN_CLIENT } from "./client.ts";
import { manageUrl } from "../links/mod.ts";
import { toE164 } from "../sms/phone.ts";

/** Options of {@link createBooking}. */
export interface CreateBookingOptions {
  /** The request time (window check, deposit due time). */
  now: Date;
  /** Location slug or id (the body's `location` wins); default the nearest. */
  location?: string;
  /** Origin the manage link starts with, e.g. "https://myhibachi.example". */
  baseUrl: string;
  /** Told after the booking commits (this instance's availability cache). */
  slots?: SlotsChanged;
  /** Woken after the booking commits, so the customer's mail goes out now. */
  outbox?: OutboxTrigger;
  /**
   * Card payments can be taken (Stripe or the dev checkout); default true.
   * False refuses `paymentMethod: "card"` (no dead ends without keys).
   */
  cardPayments?: boolean;
  /**
   * SMS can be sent (Twilio or the dev stand-in); default false. False
   * refuses `smsOptIn: true` (nothing would ever be sent).
   */
  smsEnabled?: boolean;
  /**
   * Who is booking, for the unpaid-booking limits the database counts
   * (ADR 0015); default: an unknown client (email and phone limits only).
   */
  client?: RequestClient;
}

/** The SPEC §5 answer of `POST /api/bookings` (201). */
export interface BookingCreated {
  id: string;
  reference: string;
  status: "pending_deposit";
  /** `{baseUrl}/manage/{reference}?token={secret}`; the only copy of the token. */
  manageUrl: string;
  quote: Quote;
  /** The base location the chef travels from. */
  location: LocationOption;
  /** ISO instant; unpaid after it, the booking expires. */
  depositDueAt: string;
  payment: PaymentInstructions;
}

/** The customer's manage page for a booking (lib/links builds every public URL). */
export { manageUrl };

/**
 * Creates a `pending_deposit` booking from a `POST /api/bookings` body. A
 * valid `holdId` for the same slot is converted (its unit becomes the
 * booking's). Nothing is written when it throws.
 *
 * @throws {BookingError} 422 `VALIDATION_FAILED` / `OUT_OF_SERVICE_AREA` /
 *   `OUTSIDE_BOOKING_WINDOW`, 409 `SLOT_FULL`, 429 `TOO_MANY_PENDING`.
 */
export async function createBooking(
  db: Db,
  body: unknown,
  opts: CreateBookingOptions,
): Promise<BookingCreated> {
  try {
    const created = await withClaims(db, null, async (tx) => {
      const catalog = await loadCatalog(tx, requestedDate(body));
      const parsed = bookingBodySchema(schemaRules(catalog)).safeParse(body);
      if (!parsed.success) throw fromZod(parsed.error);
      const b = parsed.data;
      if (b.paymentMethod === "card" && opts.cardPayments === false) {
        throw validationFailed([{
          path: "paymentMethod",
          message: "Card payments are not available; choose Zelle or Venmo.",
        }]);
      }
      if (b.smsOptIn && !opts.smsEnabled) {
        throw validationFailed([{
          path: "smsOptIn",
          message: "SMS notifications are not available; we will email you.",
        }]);
      }
      const where = await resolveLocation(
        tx,
        b.location ?? opts.location,
        b.zip,
        catalog.settings.maxTravelMiles,
      );
      const { location } = where;
      const { location: _ref, ...priced } = b;
      const quote = priceQuote(priced, location, catalog);
      if (!where.serviceable || !quote.serviceable) {
        throw outOfServiceArea(
          quote.travelMiles,
          catalog.settings.maxTravelMiles,
        );
      }
      requireWithinWindow(
        b.date,
        b.time,
        location.timezone,
        opts.now,
        catalog.settings,
      );
      const client = opts.client ?? UNKNOWN_CLIENT;
      const token = newManageToken();
      const due = depositDueAt(opts.now, catalog.settings);
      const payload = {
        location_id: location.id,
        event_date: b.date,
        slot_time: b.time,
        hold_id: b.holdId ?? null,
        adults: b.adults,
        children: b.children,
        under6: b.under6 ?? 0,
        proteins: b.proteins,
        extra_proteins: b.extraProteins ?? {},
        addons: b.addons ?? {},
        address_line1: b.address.line1,
        address_line2: b.address.line2 || null,
        city: b.address.city,
        state: b.address.state,
        zip: b.address.zip,
        quote,
        total_cents: quote.totalCents,
        deposit_cents: quote.depositCents,
        manage_token_hash: await hashManageToken(token),
        deposit_due_at: due.toISOString(),
        payment_method: b.paymentMethod,
        notes: b.notes || null,
        customer: {
          email: b.customer.email,
          name: b.customer.name,
          phone: b.customer.phone,
        },
        client_hash: client.hash,
        abuse_limits: client.limits,
      };
      const [row] = await tx<{ id: string; reference: string }[]>`
        select id, reference
        from app.create_customer_booking(${
        JSON.stringify(payload)
      }::text::jsonb)`;
      const result = {
        id: row.id,
        reference: row.reference,
        status: "pending_deposit" as const,
        manageUrl: manageUrl(opts.baseUrl, row.reference, token),
        quote,
        location: {
          slug: location.slug,
          name: location.name,
          travelMiles: where.travelMiles,
        },
        depositDueAt: due.toISOString(),
        payment: paymentInstructions(
          b.paymentMethod,
          catalog.settings,
          row.reference,
          quote.depositCents,
        ),
      };
      if (b.smsOptIn) {
        // Consent with its time, in the booking's transaction (ADR 0036).
        await tx`select app.record_sms_opt_in(${result.reference}, ${token},
          ${toE164(b.customer.phone)})`;
      }
      // Same transaction: the customer's mail (with the only copy of the
      // manage link) is queued if and only if the booking commits.
      await enqueueBookingCreated(tx, {
        reference: result.reference,
        token,
        manageUrl: result.manageUrl,
        payment: { ...result.payment },
      });
      return result;
    });
    opts.outbox?.wake();
    opts.slots?.changed();
    return created;
  } catch (err) {
    if (err instanceof BookingError) throw err;
    if (constraintOf(err) === "slot_capacity") throw slotFull();
    throw pendingLimitOf(err) ?? err;
  }
}
