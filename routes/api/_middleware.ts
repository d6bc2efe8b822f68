import type { FreshContext } from "$fresh/server.ts";

/**
 * Every `/api/*` response is never cached: quotes and availability change.
 * (Request metrics are recorded for every route by the root middleware.)
 */
export async function handler(
  _req: Request,
  ctx: FreshContext,
): Promise<Response> {
  const res = await ctx.next();
  if (!res.headers.has("cache-control")) {
    try {
      res.headers.set("cache-control", "no-store");
    } catch {
      // Immutable headers (e.g. a fetched response): leave them as they are.
    }
  }
  return res;
}
