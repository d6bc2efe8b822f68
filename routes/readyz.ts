import type { Handlers } from "$fresh/server.ts";
import { partsOf } from "../lib/app/parts.ts";

const TIMEOUT_MS = 2000;

/**
 * Readiness: 200 `{status:"ok", database}` when a query answers within 2 s,
 * else 503 `{status:"unavailable"}` so a load balancer stops routing here.
 */
export const handler: Handlers = {
  async GET(_req, ctx) {
    const { db } = partsOf(ctx);
    const headers = { "cache-control": "no-store" };
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error("readiness timeout")),
          TIMEOUT_MS,
        );
      });
      const check = (async () => {
        await db.sql`select 1`;
        return db.kind;
      })();
      const kind = await Promise.race([check, timeout]);
      return Response.json({ status: "ok", database: kind }, { headers });
    } catch {
      return Response.json({ status: "unavailable" }, { status: 503, headers });
    } finally {
      clearTimeout(timer);
    }
  },
};
