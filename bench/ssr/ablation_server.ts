/**
 * One variant of the app for bench/ssr/ablation.ts: the app booted as
 * main.ts boots it (database, catalog LISTEN, loop-lag timer, plugins), then
 * served by a handler that keeps only some of the per-request pieces of a
 * page-cache hit, so their costs can be told apart in one run.
 *
 *   PORT=… DATABASE_URL=… deno run -A bench/ssr/ablation_server.ts <variant>
 *
 * Variants (cheapest first):
 * - `bare`: no app at all, a plain Deno.serve of the home page's bytes and
 *   headers fetched from the app at `SOURCE` (constant_server.ts, started
 *   with the app's Deno flags);
 * - `graph`: the app's module graph imported, nothing booted;
 * - `booted`: the app booted (database pool, LISTEN, timers), every request
 *   answered with constant bytes and a prebuilt Headers object;
 * - `respond`: booted, `PageCache.storedFor` + `respond` with a fresh
 *   request id (negotiation, ETag check, stored header lists);
 * - `answer`: `respond` inside `observeAnswer` (request id, access log
 *   line, metrics): what the app's `preRoute` does on a hit;
 * - `framework`: the framework's request handler (`createHandler`) under a
 *   plain Deno.serve: the app as served, without `start()`'s options;
 * - `router`: the same without `preRoute`: a hit goes through the router's
 *   per-request context and the app's middleware (the hit path before ADR
 *   0049);
 * - `start`: the framework's `start()`, i.e. main.ts.
 *
 * @module
 */
import type { Manifest } from "$fresh/server.ts";

const variant = Deno.args[0] ?? "start";
const port = Number(Deno.env.get("PORT"));
const listen = { hostname: "127.0.0.1", port, onListen() {} };

/** The bytes and headers the app answers `GET /` with (fetched from itself). */
async function ownHome(
  handler: (req: Request) => Promise<Response>,
): Promise<{ body: Uint8Array<ArrayBuffer>; headers: Headers }> {
  const res = await handler(new Request(`http://127.0.0.1:${port}/`));
  const body = new Uint8Array(await res.arrayBuffer());
  const headers = new Headers(res.headers);
  headers.delete("date");
  return { body, headers };
}

/** The home page of the running app at `SOURCE`, as constant_server.ts takes it. */
async function sourceHome(): Promise<
  { body: Uint8Array<ArrayBuffer>; headers: Headers }
> {
  const res = await fetch(`${Deno.env.get("SOURCE")}/`);
  const body = new Uint8Array(await res.arrayBuffer());
  const headers = new Headers(res.headers);
  headers.delete("content-encoding");
  headers.delete("date");
  return { body, headers };
}

if (variant === "bare") {
  const home = await sourceHome();
  Deno.serve(listen, () => new Response(home.body, { headers: home.headers }));
} else {
  const { default: manifest } = await import("../../fresh.gen.ts") as {
    default: Manifest;
  };
  const { bootApp } = await import("../../app.ts");
  const { loadConfig } = await import("../../lib/config/mod.ts");
  const { createHandler, start } = await import("$fresh/server.ts");
  if (variant === "graph") {
    const home = await sourceHome();
    Deno.serve(
      listen,
      () => new Response(home.body, { headers: home.headers }),
    );
  } else {
    const app = await bootApp(loadConfig());
    if (variant === "start") {
      await start(manifest, app.freshConfig);
    } else {
      const handler = await createHandler(manifest, app.freshConfig);
      // Fill the page cache (the catalog loads in the background).
      await app.parts.catalog.load();
      const home = await ownHome(handler);
      const parts = app.parts;
      const { observeAnswer } = await import(
        "../../lib/observability/middleware.ts"
      );
      const { REQUEST_ID_HEADER } = await import(
        "../../lib/observability/request_id.ts"
      );
      const { recordHttpRequest } = await import("../../lib/metrics/mod.ts");
      const hit = (req: Request, id: string) => {
        const version = parts.catalog.version();
        // Any other path (the bench's /readyz) gets the home page too.
        const page = parts.pages.storedFor(req, version) ??
          parts.pages.stored("/", version);
        if (!page) throw new Error("page not cached");
        return parts.pages.respond(req, page, [[REQUEST_ID_HEADER, id]]);
      };
      const router = await createHandler(manifest, {
        ...app.freshConfig,
        preRoute: undefined,
      });
      const handlers: Record<
        string,
        (
          req: Request,
          info: Deno.ServeHandlerInfo<Deno.NetAddr>,
        ) => Response | Promise<Response>
      > = {
        booted: () => new Response(home.body, { headers: home.headers }),
        respond: (req) => hit(req, crypto.randomUUID()),
        answer: (req) =>
          observeAnswer(
            req,
            "/",
            (id) => hit(req, id),
            (status, seconds) =>
              recordHttpRequest(req.method, "/", status, seconds),
          ),
        framework: (req, info) => handler(req, info),
        router: (req, info) => router(req, info),
      };
      const h = handlers[variant];
      if (!h) throw new Error(`unknown variant ${variant}`);
      Deno.serve(listen, h);
    }
  }
}
