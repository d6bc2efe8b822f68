/**
 * `POST /api/bookings` body (SPEC §5): the quote body plus date, time, customer,
 * address, notes and payment method.
 *
 * @module
 */

import { z } from "zod";
import {
  DEFAULT_SCHEMA_RULES,
  isoDate,
  isoTime,
  type SchemaRules,
  usZip,
} from "./common.ts";
import { checkQuoteFields, quoteShape } from "./quote.ts";
import { BOOKING_TEXT_LIMITS } from "./limits.ts";
import { multiLine, singleLine } from "./text.ts";
import { toE164 } from "../sms/phone.ts";

/** How the customer will pay the deposit. */
export const PAYMENT_METHODS = ["card", "zelle", "venmo"] as const;

/** One of {@link PAYMENT_METHODS}. */
export type PaymentMethod = typeof PAYMENT_METHODS[number];

const L = BOOKING_TEXT_LIMITS;

const phone = z.string().overwrite(singleLine).max(L.customerPhone).regex(
  /^\+?[0-9 ().-]+$/,
  {
    message: "must be a phone number (digits, spaces, + ( ) . -)",
  },
).refine((p) => {
  const digits = p.replace(/\D/g, "").length;
  return digits >= 7 && digits <= 15;
}, { message: "must have 7 to 15 digits" });

const customer = z.strictObject({
  name: z.string().overwrite(singleLine).min(1).max(L.customerName),
  email: z.email().max(L.customerEmail),
  phone,
});

const address = z.strictObject({
  line1: z.string().overwrite(singleLine).min(1).max(L.addressLine),
  line2: z.string().overwrite(singleLine).max(L.addressLine).optional(),
  city: z.string().overwrite(singleLine).min(1).max(L.city),
  state: z.string().regex(/^[A-Za-z]{2}$/, {
    message: "must be a 2-letter state code",
  })
    .transform((s) => s.toUpperCase()),
  zip: usZip,
});

/**
 * The strict `POST /api/bookings` body schema. Besides the quote rules:
 * `time` must be one of `rules.slotTimes` (when set), and `address.zip` must equal
 * `zip` (the quote is priced from `zip`, so they cannot differ).
 */
export function bookingBodySchema(rules: SchemaRules = DEFAULT_SCHEMA_RULES) {
  return z.strictObject({
    ...quoteShape(rules),
    date: isoDate,
    time: isoTime,
    holdId: z.uuid().optional(),
    customer,
    address,
    notes: z.string().overwrite(multiLine).max(L.notes).optional(),
    paymentMethod: z.enum(PAYMENT_METHODS),
    /** SMS for the key events (ADR 0036); consent recorded with its time. */
    smsOptIn: z.boolean().optional(),
  }).superRefine((v, ctx) => {
    if (v.smsOptIn && toE164(v.customer.phone) === null) {
      ctx.addIssue({
        code: "custom",
        path: ["customer", "phone"],
        message:
          "must be a mobile number that can receive SMS (US, or +country code)",
      });
    }
    checkQuoteFields(v, ctx, rules);
    if (rules.slotTimes && !rules.slotTimes.includes(v.time)) {
      ctx.addIssue({
        code: "custom",
        path: ["time"],
        message: `must be one of the start times ${rules.slotTimes.join(", ")}`,
      });
    }
    if (v.address.zip !== v.zip) {
      ctx.addIssue({
        code: "custom",
        path: ["address", "zip"],
        message: "must equal the quoted zip",
      });
    }
  });
}

/** A validated `POST /api/bookings` body. */
export type BookingBody = z.output<ReturnType<typeof bookingBodySchema>>;
