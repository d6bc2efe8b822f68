/**
 * `start()` and `createHandler()`: serve a manifest with Deno.serve.
 */
import { ServerContext } from "./server_context.ts";
import type { FreshConfig, Manifest, ServeHandlerInfo } from "./types.ts";

/** A request handler for a manifest, for tests and custom servers. */
export async function createHandler(
  manifest: Manifest,
  config: FreshConfig = {},
): Promise<(req: Request, info?: ServeHandlerInfo) => Promise<Response>> {
  const ctx = await ServerContext.fromManifest(manifest, config);
  return ctx.handler();
}

function envPort(): number | undefined {
  try {
    const raw = Deno.env.get("PORT");
    return raw ? Number(raw) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serve the app. Port: `config.server.port`, else `$PORT`, else 8000.
 * Returns the Deno server once listening.
 */
export async function start(
  manifest: Manifest,
  config: FreshConfig = {},
): Promise<Deno.HttpServer<Deno.NetAddr>> {
  const ctx = await ServerContext.fromManifest(manifest, config);
  const handler = ctx.handler();
  const server = config.server ?? {};
  const port = server.port ?? config.port ?? envPort() ?? 8000;
  return Deno.serve({
    ...server,
    port,
    onListen: server.onListen ?? (({ hostname, port }) => {
      const host = hostname === "0.0.0.0" ? "localhost" : hostname;
      console.log(`Listening on http://${host}:${port}/`);
    }),
  }, handler);
}
