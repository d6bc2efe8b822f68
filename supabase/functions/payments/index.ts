/**
 * Edge Function `payments` (SPEC §5). The handler lives in `_shared/` and
 * takes its ports; the embedded gateway (`/functions/v1/payments` in the
 * app) calls {@link createHandler} with the app's parts.
 *
 * @module
 */
import { createPaymentsHandler } from "../_shared/payments.ts";
import { portsFromEnv } from "../_shared/env.ts";

/** The function's handler on `ports`. */
export const createHandler = createPaymentsHandler;

if (import.meta.main) Deno.serve(createHandler(portsFromEnv()));
