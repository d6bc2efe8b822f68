/**
 * Fresh plugin routes of the auth stand-in.
 *
 * @module
 */
import type { PluginRoute } from "$fresh/server.ts";

/** Builds the `/auth/v1/*` handler on first use (the database opens lazily). */
export type AuthHandlerFactory = () => Promise<
  (req: Request) => Promise<Response>
>;

/** The plugin route serving every GoTrue path under `/auth/v1`. */
export function authRoutes(factory: AuthHandlerFactory): PluginRoute[] {
  let handler: Promise<(req: Request) => Promise<Response>> | undefined;
  const serve = async (req: Request): Promise<Response> => {
    handler ??= factory().catch((error) => {
      // Let the next request retry (e.g. the database was not up yet).
      handler = undefined;
      throw error;
    });
    return await (await handler)(req);
  };
  return [{ path: "/auth/v1/[...path]", handler: serve }];
}
