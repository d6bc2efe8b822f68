import type { Handlers } from "$fresh/server.ts";
import { completeSignIn } from "../../lib/auth/session.ts";
import { partsOf } from "../../lib/app/parts.ts";

/**
 * Landing for custom Supabase e-mail templates
 * (`{{ .SiteURL }}/auth/confirm?token_hash={{ .TokenHash }}&type=…&next=/admin`).
 */
export const handler: Handlers = {
  GET: (req, ctx) => completeSignIn(partsOf(ctx).supabase, req),
};
