/**
 * Fresh plugin route of the Realtime stand-in: `GET /realtime/v1/websocket`.
 * `supabaseLocal({ realtime })` (local/plugin.ts) mounts it.
 *
 * @module
 */
import type { PluginRoute } from "$fresh/server.ts";
import type { Realtime } from "./server.ts";

/** Builds the Realtime server on first use (the database opens lazily). */
export type RealtimeFactory = () => Promise<Realtime>;

/** The plugin route; one Realtime (one LISTEN) per factory. */
export function realtimeRoutes(factory: RealtimeFactory): PluginRoute[] {
  let realtime: Promise<Realtime> | undefined;
  const handler = async (req: Request): Promise<Response> => {
    realtime ??= factory().catch((error) => {
      // Let the next request retry (e.g. the database was not up yet).
      realtime = undefined;
      throw error;
    });
    return (await realtime).handleSocket(req);
  };
  return [{ path: "/realtime/v1/websocket", handler }];
}
