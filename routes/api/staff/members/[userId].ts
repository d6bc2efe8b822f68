import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../lib/app/parts.ts";
import { jsonOk } from "../../../../lib/http/mod.ts";
import {
  updateMember,
  updateMemberBodySchema,
} from "../../../../lib/staff/members.ts";
import {
  answerStaff,
  callerOf,
  parseBody,
} from "../../../../lib/staff/http.ts";

/**
 * `PATCH /api/staff/members/{userId}` (admin) `{role?, locationIds?,
 * active?, expectedUpdatedAt?}` → 200 the member; 403 for non-admins (from
 * the database), 409 `LAST_ADMIN` / `STALE_STAFF`, 422 with paths.
 */
export const handler: Handlers = {
  async PATCH(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const body = await parseBody(req, updateMemberBodySchema);
      return jsonOk(
        await updateMember(
          partsOf(ctx).db,
          callerOf(ctx).claims,
          ctx.params.userId,
          body,
        ),
      );
    });
  },
};
