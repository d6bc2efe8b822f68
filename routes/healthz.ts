import type { Handlers } from "$fresh/server.ts";

/** Liveness: the process is up and serving. Never touches the database. */
export const handler: Handlers = {
  GET() {
    return Response.json({ status: "ok" }, {
      headers: { "cache-control": "no-store" },
    });
  },
};
