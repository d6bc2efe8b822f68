import type { Handlers } from "$fresh/server.ts";
import { completeSignIn } from "../../lib/auth/session.ts";

/**
 * Landing for custom Supabase e-mail templates
 * (`{{ .SiteURL }}/auth/confirm?token_hash={{ .TokenHash }}&type=…&next=/admin`).
 */
export const handler: Handlers = {
  GET: (req) => completeSignIn(req),
};
