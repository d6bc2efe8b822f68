/**
 * The insights query schema, shared with the Edge Function (ADR 0010:
 * function code lives in `supabase/functions/_shared/`, the app re-exports).
 *
 * @module
 */
export {
  FORECAST_DAYS,
  type InsightsQuery,
  insightsQuerySchema,
} from "../../supabase/functions/_shared/insights_request.ts";
