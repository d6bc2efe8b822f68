import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../lib/app/parts.ts";
import { quote } from "../../lib/bookings/mod.ts";
import { answer, catalogSource, limitRequest } from "../../lib/http/route.ts";
import { jsonTextOk, readJson } from "../../lib/http/mod.ts";
import { quoteAnswerJson } from "../../lib/pricing/quote_json.ts";

/** `POST /api/quote[?location=slug]` (SPEC §5): priced on the server from current settings. */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    const app = partsOf(ctx);
    const limited = limitRequest(app, "quote", req, ctx);
    if (limited) return limited;
    const body = await readJson(req);
    if (!body.ok) return body.response;
    return await answer(req, async () => {
      const location = ctx.url.searchParams.get("location") ?? undefined;
      const priced = await quote(app.db, body.value, {
        location,
        ...catalogSource(app),
      });
      // Counted in memory, written in batches off the request (ADR 0039).
      app.funnel.quote(priced.location.slug);
      return jsonTextOk(quoteAnswerJson(priced));
    });
  },
};
