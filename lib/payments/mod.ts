/**
 * Card payments: the {@link PaymentsGateway} port and its Stripe
 * implementation. The code lives in `supabase/functions/_shared/gateway.ts`
 * so the Edge Functions can be bundled by `supabase functions deploy`
 * (ADR 0010); the app reaches it through this module. The composition root
 * builds a gateway only when `STRIPE_SECRET_KEY` is set.
 *
 * @module
 */
export {
  type BalanceTransaction,
  type CheckoutRequest,
  type CheckoutSession,
  createStripeGateway,
  MAX_BALANCE_TRANSACTIONS,
  type PaymentsGateway,
  PaymentsUnavailableError,
  type Refund,
  type RefundRequest,
  type StripeGatewayOptions,
} from "../../supabase/functions/_shared/gateway.ts";
