import type { Handlers } from "$fresh/server.ts";
import { completeSignIn } from "../../lib/auth/session.ts";
import { partsOf } from "../../lib/app/parts.ts";

/** Magic-link landing (PKCE `?code=`, or `?token_hash=&type=`). */
export const handler: Handlers = {
  GET: (req, ctx) => completeSignIn(partsOf(ctx).supabase, req),
};
