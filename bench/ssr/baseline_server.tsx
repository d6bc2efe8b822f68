/**
 * Baseline for bench/ssr: the same component tree as the home page (the app
 * shell `routes/_app.tsx` around `routes/index.tsx`) rendered by bare
 * preact-render-to-string in a plain Deno.serve handler: no framework, no
 * router, no middleware, no styles.
 *
 *   deno run -A bench/ssr/baseline_server.tsx <port>
 *
 * @module
 */
import { renderToString } from "preact-render-to-string";
import type { PageProps } from "$fresh/server.ts";
import App from "../../routes/_app.tsx";
import Home from "../../routes/index.tsx";

/** Renders the home page markup the way a framework-less server would. */
export function renderHomeBare(url: URL): string {
  const props = {
    url,
    params: {},
    data: undefined,
    state: {},
    route: "/",
    isPartial: false,
  } as unknown as PageProps;
  const Component = () => <Home {...props} />;
  return "<!DOCTYPE html>" +
    renderToString(<App {...props} Component={Component} />);
}

if (import.meta.main) {
  const port = Number(Deno.args[0] ?? 8100);
  Deno.serve(
    { hostname: "127.0.0.1", port, onListen: () => {} },
    (req) =>
      new Response(renderHomeBare(new URL(req.url)), {
        headers: { "content-type": "text/html; charset=utf-8" },
      }),
  );
}
