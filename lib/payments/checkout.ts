/**
 * Starting a card payment from the site's own pages (manage page buttons):
 * the very `payments` Edge Function handler, called in process on the app's
 * ports, so pages and `/functions/v1/payments` answer alike.
 *
 * @module
 */
import type { AppParts } from "../app/parts.ts";
import { functionPorts } from "../functions/ports.ts";
import { createPaymentsHandler } from "../../supabase/functions/_shared/payments.ts";

/** The outcome of {@link startCheckout}. */
export type CheckoutStart =
  | { ok: true; url: string; sessionId: string }
  | { ok: false; status: number; code: string; message: string };

const handlers = new WeakMap<
  AppParts,
  ReturnType<typeof createPaymentsHandler>
>();

/** Creates a Checkout Session for `kind` of booking `reference`. */
export async function startCheckout(
  parts: AppParts,
  reference: string,
  token: string,
  kind: "deposit" | "balance",
): Promise<CheckoutStart> {
  let handler = handlers.get(parts);
  if (!handler) {
    handler = createPaymentsHandler(functionPorts(parts));
    handlers.set(parts, handler);
  }
  const res = await handler(
    new Request(`${parts.publicUrl}/functions/v1/payments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ reference, token, kind }),
    }),
  );
  const body = await res.json();
  if (res.ok) return { ok: true, url: body.url, sessionId: body.sessionId };
  return {
    ok: false,
    status: res.status,
    code: body?.error?.code ?? "ERROR",
    message: body?.error?.message ?? "Card payment could not start.",
  };
}
