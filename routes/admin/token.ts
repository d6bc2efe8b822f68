import type { Handlers } from "$fresh/server.ts";
import type { AdminState } from "../../lib/staff/types.ts";

/**
 * The signed-in user's current access token, for the live feed's realtime
 * socket. The admin middleware has just checked (and if needed refreshed)
 * the session; browsers only let our own pages read this answer.
 */
export const handler: Handlers<unknown, AdminState> = {
  GET(_req, ctx) {
    return Response.json({ accessToken: ctx.state.accessToken }, {
      headers: { "cache-control": "private, no-store" },
    });
  },
};
