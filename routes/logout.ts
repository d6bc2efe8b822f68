import type { Handlers } from "$fresh/server.ts";
import { csrfRejected, verifyCsrf } from "../lib/auth/csrf.ts";
import { requestAuth } from "../lib/auth/session.ts";

/** Signs out (POST with the CSRF token) and clears the session cookies. */
export const handler: Handlers = {
  async POST(req) {
    let form: FormData;
    try {
      form = await req.formData();
    } catch {
      return new Response("Bad request", { status: 400 });
    }
    if (!verifyCsrf(req, form)) return csrfRejected();
    const auth = requestAuth(req);
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
