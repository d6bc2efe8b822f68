import type { FreshContext } from "$fresh/server.ts";
import { partsOf } from "../../../lib/app/parts.ts";
import {
  type StaffApiState,
  staffCaller,
} from "../../../lib/staff/api_auth.ts";
import { answerStaff } from "../../../lib/staff/http.ts";

/**
 * Guards `/api/staff/**` (SPEC §5 Staff API): a Supabase access token in
 * `Authorization: Bearer …` (401 without a valid one) of an active staff
 * member (403 otherwise). Queries then run under its claims, so RLS decides.
 */
export async function handler(
  req: Request,
  ctx: FreshContext<StaffApiState>,
): Promise<Response> {
  const app = partsOf(ctx);
  return await answerStaff(req, async () => {
    ctx.state.caller = await staffCaller(
      app.db,
      app.supabase.jwtSecret,
      req.headers.get("authorization"),
      app.clock(),
    );
    return await ctx.next();
  });
}
