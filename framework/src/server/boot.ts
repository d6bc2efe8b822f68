/**
 * `start()` and `createHandler()`: serve a manifest with Deno.serve.
 */
import { ServerContext } from "./server_context.ts";
import { serveOptions } from "./config.ts";
import type {
  FreshConfig,
  Manifest,
  ServeHandlerInfo,
  StartOptions,
} from "./types.ts";

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

/** The first port tried when none is configured, and how many follow it. */
export const DEFAULT_PORT = 8000;
const PORT_TRIES = 20;

function defaultOnListen(basePath: string) {
  return ({ hostname, port }: Deno.NetAddr) => {
    const host = hostname === "0.0.0.0" || hostname === "::"
      ? "localhost"
      : hostname;
    console.log(`Listening on http://${host}:${port}${basePath || "/"}`);
  };
}

/**
 * Serve the app. Port: `server.port` (or legacy `port`), else `$PORT`, else
 * the first free port from 8000 to 8019. Returns the server once listening.
 */
export async function start(
  manifest: Manifest,
  config: StartOptions = {},
): Promise<Deno.HttpServer<Deno.NetAddr>> {
  const ctx = await ServerContext.fromManifest(manifest, config);
  const handler = ctx.handler();
  const options = serveOptions(config);
  const onListen = options.onListen ??
    defaultOnListen(ctx.basePath);
  const port = options.port ?? envPort();
  if (port !== undefined) {
    return Deno.serve(
      { ...options, port, onListen } as Deno.ServeTcpOptions,
      handler,
    );
  }
  for (let i = 0; i < PORT_TRIES; i++) {
    try {
      return Deno.serve(
        {
          ...options,
          port: DEFAULT_PORT + i,
          onListen,
        } as Deno.ServeTcpOptions,
        handler,
      );
    } catch (err) {
      if (!(err instanceof Deno.errors.AddrInUse)) throw err;
    }
  }
  throw new Deno.errors.AddrInUse(
    `No free port from ${DEFAULT_PORT} to ${DEFAULT_PORT + PORT_TRIES - 1}`,
  );
}
