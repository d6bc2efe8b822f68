import type { FreshContext } from "$fresh/server.ts";
import { partsOf } from "../../../lib/app/parts.ts";
import {
  bearerClaims,
  checksStaffItself,
  type StaffApiState,
  staffCaller,
} from "../../../lib/staff/api_auth.ts";
import { answerStaff } from "../../../lib/staff/http.ts";

/**
 * Guards `/api/staff/**` (SPEC §5 Staff API): a Supabase access token in
 * `Authorization: Bearer …` (401 without a valid one) of an active staff
 * member (403 otherwise). Queries then run under its claims, so RLS decides.
 * The routes of `checksStaffItself` get the verified claims and answer the
 * 403 from their own transaction.
 */
export async function handler(
  req: Request,
  ctx: FreshContext<StaffApiState>,
): Promise<Response> {
  const app = partsOf(ctx);
  return await answerStaff(req, async () => {
    const authorization = req.headers.get("authorization");
    if (checksStaffItself(req.method, ctx.route)) {
      ctx.state.claims = await bearerClaims(
        app.accessTokens,
        authorization,
        app.clock(),
      );
    } else {
      ctx.state.caller = await staffCaller(
        app.db,
        app.accessTokens,
        authorization,
        app.clock(),
      );
    }
    return await ctx.next();
  });
}
