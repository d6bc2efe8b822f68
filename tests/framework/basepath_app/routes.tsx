/**
 * The basePath app (basepath_test.ts): served under `/shop/v1` with
 * `router.basePath`; routes, static files, an island, middleware redirects
 * and partials written with root-relative URLs.
 */
import type { FreshConfig, Manifest, PageProps } from "$fresh/server.ts";
import { asset, Partial } from "$fresh/runtime.ts";
import Toggle from "./islands/Toggle.tsx";

export const BASE = "/shop/v1";

export const basePathConfig: FreshConfig = { router: { basePath: BASE } };

function App({ Component, basePath }: PageProps) {
  return (
    <html>
      <head>
        <link rel="stylesheet" href={asset("/style.css")} />
      </head>
      <body f-client-nav>
        <a class="to-other" href={`${basePath}/other`}>other</a>
        <Partial name="main">
          <Component />
        </Partial>
      </body>
    </html>
  );
}

export const basePathManifest: Manifest = {
  baseUrl: new URL("./fresh.gen.ts", import.meta.url).href,
  islands: { "./islands/Toggle.tsx": { default: Toggle } },
  routes: {
    "./routes/_app.tsx": { default: App },
    "./routes/_middleware.ts": {
      handler: (req: Request, ctx: { next: () => Promise<Response> }) => {
        if (new URL(req.url).pathname.endsWith("/old")) {
          return new Response(null, {
            status: 307,
            headers: { location: "/other" },
          });
        }
        return ctx.next();
      },
    },
    "./routes/index.tsx": {
      default: ({ url, route }: PageProps) => (
        <main class="home">
          <h1 class="styled">Home</h1>
          <p class="where">{url.pathname} {route}</p>
          <img class="server-img" src="/pic.svg" alt="" />
          <img class="set" srcset="/pic.svg 1x, /pic.svg 2x" alt="" />
          <img class="abs" src="https://example.com/x.png" alt="" />
          <p id="script-output">script pending</p>
          <script src="/script.js" defer />
          <Toggle />
        </main>
      ),
    },
    "./routes/other.tsx": {
      default: () => (
        <main class="other">
          <h1>Other</h1>
        </main>
      ),
    },
    "./routes/api/base.ts": {
      handler: (_req: Request, ctx: { basePath: string }) =>
        new Response(ctx.basePath),
    },
    "./routes/home.ts": {
      handler: () =>
        new Response(null, { status: 303, headers: { location: "/" } }),
    },
  },
};
