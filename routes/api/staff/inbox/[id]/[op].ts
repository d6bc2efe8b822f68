import type { FreshContext, Handlers } from "$fresh/server.ts";
import { partsOf } from "../../../../../lib/app/parts.ts";
import { jsonError, jsonOk } from "../../../../../lib/http/mod.ts";
import {
  assignBodySchema,
  assignMessage,
  handledBodySchema,
  replyBodySchema,
  replyToMessage,
  setHandled,
} from "../../../../../lib/inbox/service.ts";
import {
  answerStaff,
  callerOf,
  parseBody,
} from "../../../../../lib/staff/http.ts";

/**
 * `POST /api/staff/inbox/{id}/assign` `{assigneeId|null}` → 200;
 * `POST …/reply` `{body}` → 201 the reply (mailed through the outbox);
 * `POST …/handled` `{handled}` → 200. Managers and admins; audited.
 */
export const handler: Handlers = {
  async POST(req: Request, ctx: FreshContext) {
    return await answerStaff(req, async () => {
      const app = partsOf(ctx);
      const claims = callerOf(ctx).claims;
      const id = ctx.params.id;
      switch (ctx.params.op) {
        case "assign": {
          const b = await parseBody(req, assignBodySchema);
          await assignMessage(app.db, claims, id, b.assigneeId);
          return jsonOk({ id, assigneeId: b.assigneeId });
        }
        case "reply": {
          const b = await parseBody(req, replyBodySchema);
          const reply = await replyToMessage(app.db, claims, id, b.body);
          app.outbox.wake();
          return jsonOk(reply, 201);
        }
        case "handled": {
          const b = await parseBody(req, handledBodySchema);
          await setHandled(app.db, claims, id, b.handled);
          return jsonOk({ id, handled: b.handled });
        }
        default:
          return jsonError(404, "NOT_FOUND", "No such inbox action.");
      }
    });
  },
};
