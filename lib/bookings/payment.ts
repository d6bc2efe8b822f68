/**
 * How the customer pays the deposit, as shown right after booking.
 *
 * @module
 */
import type { PricingSettings } from "../pricing/mod.ts";
import type { PaymentMethod } from "../schemas/mod.ts";

/** Zelle/Venmo: send exactly `amountCents` to `handle` with `memo`. */
export interface ManualPaymentInstructions {
  method: "zelle" | "venmo";
  handle: string;
  amountCents: number;
  /** The booking reference; staff match the payment by it. */
  memo: string;
  instructions: string;
}

/** Card: a secure Stripe payment link arrives later (email / manage page). */
export interface CardPaymentInstructions {
  method: "card";
  status: "pending";
  amountCents: number;
  instructions: string;
}

/** The `payment` part of a new booking. */
export type PaymentInstructions =
  | ManualPaymentInstructions
  | CardPaymentInstructions;

function dollars(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}

/** Deposit instructions for `method` (handles from the current settings). */
export function paymentInstructions(
  method: PaymentMethod,
  settings: Pick<PricingSettings, "zelleHandle" | "venmoHandle">,
  reference: string,
  depositCents: number,
): PaymentInstructions {
  if (method === "card") {
    return {
      method,
      status: "pending",
      amountCents: depositCents,
      instructions: `Card payment of the ${
        dollars(depositCents)
      } deposit arrives soon: we will email a secure payment link, also shown on your manage page.`,
    };
  }
  const handle = method === "zelle"
    ? settings.zelleHandle
    : settings.venmoHandle;
  const app = method === "zelle" ? "Zelle" : "Venmo";
  return {
    method,
    handle,
    amountCents: depositCents,
    memo: reference,
    instructions: `Send exactly ${
      dollars(depositCents)
    } with ${app} to ${handle} and write ${reference} in the memo.`,
  };
}
