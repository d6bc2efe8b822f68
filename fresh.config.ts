import { defineConfig } from "$fresh/server.ts";
import twindPlugin from "$fresh/plugins/twindv1.ts";
import twindConfig from "./twind.config.ts";

/**
 * The static part of the Fresh configuration (what `deno task build` needs).
 * The running app adds its own parts, observability and, without a real
 * Supabase, the embedded stand-ins: see `createApp` in `app.ts`.
 */
export default defineConfig({
  plugins: [twindPlugin(twindConfig)],
});
