/**
 * The `payments` Edge Function (SPEC §5): `POST {reference, token, kind}` →
 * `{url, sessionId}`, a Stripe Checkout Session for the deposit or the
 * balance of a booking. The amount comes from the ledger, never the client.
 *
 * Answers: 404 NOT_FOUND for an unknown reference or a wrong token (one
 * answer for both); 409 NOT_PAYABLE (cancelled, expired, …) or
 * NOTHING_DUE (deposit or balance already paid); 503 with Retry-After when
 * Stripe is down; 503 PAYMENTS_NOT_CONFIGURED without Stripe keys.
 *
 * @module
 */
import { PaymentsUnavailableError } from "./gateway.ts";
import { json, jsonError, readJsonObject, withCors } from "./http.ts";
import type { FunctionHandler, FunctionPorts } from "./ports.ts";

/** How long a Checkout Session stays open (SPEC §5: 30 minutes). */
export const CHECKOUT_TTL_MS = 30 * 60_000;
/** Stripe needs ≥ 30 minutes at its own clock: a little slack for transit. */
const CHECKOUT_SLACK_MS = 15_000;

const REFERENCE = /^MH-[0-9A-Z]{6}$/i;
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;
/** Statuses that take money. */
const PAYABLE = new Set(["pending_deposit", "confirmed", "completed"]);

interface PaymentDue {
  reference: string;
  status: string;
  email: string;
  name: string;
  total_cents: number;
  deposit_cents: number;
  paid_cents: number;
}

/** The amount due for `kind`, from the ledger; 0 when nothing is due. */
export function amountDue(
  due: PaymentDue,
  kind: "deposit" | "balance",
): number {
  const balance = Math.max(due.total_cents - due.paid_cents, 0);
  if (kind === "balance") return balance;
  if (due.status !== "pending_deposit") return 0;
  return Math.min(Math.max(due.deposit_cents - due.paid_cents, 0), balance);
}

function notFound(): Response {
  return jsonError(
    404,
    "NOT_FOUND",
    "No booking with that reference and link.",
  );
}

/** The handler of the `payments` function, on its ports. */
export function createPaymentsHandler(ports: FunctionPorts): FunctionHandler {
  return withCors(async (req) => {
    if (req.method !== "POST") {
      return jsonError(405, "METHOD_NOT_ALLOWED", "Use POST.", {
        allow: "POST, OPTIONS",
      });
    }
    const body = await readJsonObject(req);
    if (!body) {
      return jsonError(400, "INVALID_JSON", "Send a JSON object.");
    }
    const { reference, token, kind } = body;
    if (kind !== "deposit" && kind !== "balance") {
      return jsonError(
        422,
        "VALIDATION_FAILED",
        'kind must be "deposit" or "balance".',
      );
    }
    if (
      typeof reference !== "string" || !REFERENCE.test(reference) ||
      typeof token !== "string" || !TOKEN.test(token)
    ) {
      return notFound();
    }
    const due = await ports.transact(async (tx) => {
      const [row] = await tx<{ due: PaymentDue | null }[]>`
        select app.booking_payment_due(${reference}, ${token}) as due`;
      return row?.due ?? null;
    });
    if (!due) return notFound();
    if (!PAYABLE.has(due.status)) {
      return jsonError(
        409,
        "NOT_PAYABLE",
        `This booking is ${due.status.replace("_", " ")} and takes no payment.`,
      );
    }
    const amount = amountDue(due, kind);
    if (amount <= 0) {
      return jsonError(
        409,
        "NOTHING_DUE",
        kind === "deposit"
          ? "The deposit is already paid."
          : "This booking is fully paid.",
      );
    }
    if (!ports.payments) {
      return jsonError(
        503,
        "PAYMENTS_NOT_CONFIGURED",
        "Card payments are not available; pay by Zelle or Venmo.",
      );
    }
    const manage = `${ports.publicUrl}/manage/${due.reference}?token=${
      encodeURIComponent(token)
    }`;
    try {
      const session = await ports.payments.createCheckoutSession({
        reference: due.reference,
        kind,
        amountCents: amount,
        description: `MyHibachi ${kind} for ${due.reference}`,
        customerEmail: due.email,
        successUrl: `${manage}&checkout=success`,
        cancelUrl: `${manage}&checkout=cancelled`,
        expiresAt: new Date(
          ports.clock().getTime() + CHECKOUT_TTL_MS + CHECKOUT_SLACK_MS,
        ),
      });
      ports.log("info", "checkout session created", {
        reference: due.reference,
        kind,
        amountCents: amount,
        sessionId: session.id,
      });
      return json(200, { url: session.url, sessionId: session.id });
    } catch (err) {
      if (err instanceof PaymentsUnavailableError) {
        ports.log("warn", "stripe unavailable", {
          reference: due.reference,
          error: err.message,
        });
        return jsonError(
          503,
          "PAYMENTS_UNAVAILABLE",
          "Card payments are briefly unavailable; try again in a minute.",
          { "retry-after": "30" },
        );
      }
      throw err;
    }
  });
}
