/**
 * Fresh plugin route of the Realtime stand-in: `GET /realtime/v1/websocket`.
 * `supabaseLocal({ realtime })` (local/plugin.ts) mounts it.
 *
 * @module
 */
import type { FreshContext, PluginRoute } from "$fresh/server.ts";
import type { Realtime } from "./server.ts";

/** Builds the Realtime server on first use (the database opens lazily). */
export type RealtimeFactory = () => Promise<Realtime>;

/** The client address of a request (the app's proxy rule applied). */
export type ClientOf = (
  req: Request,
  conn: { remoteAddr: Deno.NetAddr },
) => string;

/** The plugin route; one Realtime (one LISTEN) per factory. */
export function realtimeRoutes(
  factory: RealtimeFactory,
  clientOf: ClientOf = (_req, conn) => conn.remoteAddr.hostname,
): PluginRoute[] {
  let realtime: Promise<Realtime> | undefined;
  const handler = async (
    req: Request,
    ctx: FreshContext,
  ): Promise<Response> => {
    realtime ??= factory().catch((error) => {
      // Let the next request retry (e.g. the database was not up yet).
      realtime = undefined;
      throw error;
    });
    return await (await realtime).handleSocket(req, clientOf(req, ctx));
  };
  return [{ path: "/realtime/v1/websocket", handler }];
}
