import type { Handlers } from "$fresh/server.ts";
import { formOrRefusal } from "../lib/http/form_body.ts";
import { csrfRejected, verifyCsrf } from "../lib/auth/csrf.ts";
import { requestAuth } from "../lib/auth/session.ts";
import { partsOf } from "../lib/app/parts.ts";

/** Signs out (POST with the CSRF token) and clears the session cookies. */
export const handler: Handlers = {
  async POST(req, ctx) {
    const app = partsOf(ctx);
    const form = await formOrRefusal(req, 4096);
    if (form instanceof Response) return form;
    if (!verifyCsrf(req, form, app.publicUrl)) return csrfRejected();
    const auth = requestAuth(app.supabase, req);
    // Local scope: other devices of the same person stay signed in.
    await auth.supabase.auth.signOut({ scope: "local" });
    return auth.applyTo(
      new Response(null, {
        status: 303,
        headers: { location: "/login", "cache-control": "no-store" },
      }),
    );
  },
};
