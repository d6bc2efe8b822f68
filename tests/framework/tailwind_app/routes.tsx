/** The tailwind fixture app (tailwind_test.ts): classes Tailwind must find. */
import type { Manifest } from "$fresh/server.ts";
import { asset } from "$fresh/runtime.ts";

export const tailwindManifest: Manifest = {
  baseUrl: new URL("./fresh.gen.ts", import.meta.url).href,
  islands: {},
  routes: {
    "./routes/index.tsx": {
      default: () => (
        <html>
          <head>
            <link rel="stylesheet" href={asset("/styles.css")} />
          </head>
          <body>
            <h1 class="text-red-600 select-none">Tailwind</h1>
            <p class="card">card</p>
          </body>
        </html>
      ),
    },
  },
};
