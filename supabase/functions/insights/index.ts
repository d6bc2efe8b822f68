/**
 * Edge Function `insights` (SPEC §5, issue 13 item 3). The HTTP half lives
 * in `_shared/insights.ts`; computing is a port the app builds from its
 * parts (`lib/functions/ports.ts` `insightsPorts`: the forecast, backtest,
 * pricing and menu rules of `lib/insights/` on the caller's claims). Run
 * standalone (`supabase functions serve`, or deployed with `--use-api`, as
 * the assistant, ADR 0025) it builds the same parts through the app's
 * composition root, with `DATABASE_URL` defaulting to `SUPABASE_DB_URL`.
 *
 * @module
 */
import { createInsightsHandler } from "../_shared/insights.ts";

/** The function's handler on `ports`. */
export const createHandler = createInsightsHandler;

if (import.meta.main) {
  const [{ createParts }, { loadConfig }, { insightsPorts }] = await Promise
    .all([
      import("../../../app.ts"),
      import("../../../lib/config/mod.ts"),
      import("../../../lib/functions/ports.ts"),
    ]);
  const env = Deno.env.toObject();
  const config = loadConfig({
    ...env,
    DATABASE_URL: env.DATABASE_URL ?? env.SUPABASE_DB_URL,
    JOBS: "off",
  });
  Deno.serve(createHandler(insightsPorts(await createParts(config))));
}
