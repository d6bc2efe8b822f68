/** A plugin that contributes an island and a route using it. */
import type { Plugin } from "$fresh/server.ts";
import PluginCounter from "./plugin_islands/PluginCounter.tsx";

export function islandPlugin(): Plugin {
  return {
    name: "island-plugin",
    islands: {
      baseLocation: import.meta.url,
      paths: ["./plugin_islands/PluginCounter.tsx"],
    },
    routes: [{
      path: "/plugin-island",
      component: () => (
        <main>
          <PluginCounter start={5} />
        </main>
      ),
    }],
  };
}

/** A plugin whose client script throws. */
export function failingScriptPlugin(): Plugin {
  return {
    name: "failing",
    entrypoints: {
      boom:
        "data:application/javascript,export default function () { throw new Error('plugin script failed'); }",
    },
    render(ctx) {
      ctx.render();
      return { scripts: [{ entrypoint: "boom", state: null }] };
    },
  };
}
