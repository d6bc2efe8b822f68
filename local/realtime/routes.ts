/**
 * Fresh plugin route of the Realtime stand-in: `GET /realtime/v1/websocket`.
 *
 * Pass `realtimeRoutes()` to `supabaseLocal({ extraRoutes })` (local/plugin.ts).
 *
 * @module
 */
import type { PluginRoute } from "$fresh/server.ts";
import { getDb } from "../../lib/db/mod.ts";
import { supabaseConfig } from "../config.ts";
import { createRealtime, type Realtime } from "./server.ts";

/** Builds the process's Realtime on first use (the database opens lazily). */
export type RealtimeFactory = () => Promise<Realtime>;

/** The default: the process-wide database and the configured JWT secret. */
export const defaultRealtime: RealtimeFactory = async () =>
  createRealtime({ db: await getDb(), jwtSecret: supabaseConfig().jwtSecret });

/** The plugin route; one Realtime (one LISTEN) per factory. */
export function realtimeRoutes(
  factory: RealtimeFactory = defaultRealtime,
): PluginRoute[] {
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
