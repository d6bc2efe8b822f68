import { defineConfig, type Plugin } from "$fresh/server.ts";
import twindPlugin from "$fresh/plugins/twindv1.ts";
import twindConfig from "./twind.config.ts";
import { supabaseConfig } from "./local/config.ts";

/**
 * Without `SUPABASE_URL` the app serves the embedded Supabase stand-ins
 * (auth, dev mailbox, realtime) itself. They are imported dynamically so a
 * run against real Supabase never loads them.
 */
async function localSupabase(): Promise<Plugin[]> {
  if (!supabaseConfig().embedded) return [];
  const { supabaseLocal } = await import("./local/plugin.ts");
  const { realtimeRoutes } = await import("./local/realtime/routes.ts");
  return [supabaseLocal({ extraRoutes: realtimeRoutes() })];
}

export default defineConfig({
  plugins: [twindPlugin(twindConfig), ...(await localSupabase())],
});
