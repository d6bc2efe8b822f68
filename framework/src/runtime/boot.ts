/**
 * The one external boot module (see docs/adr/0001-external-island-boot-script.md).
 * It reads its instructions from the `data-fresh` attribute of the last boot
 * script, the island props from the `application/json` state block with the
 * per-render id, imports the island and plugin chunks and revives islands.
 * Pages with partials also load client navigation (`partials.ts`).
 */
import { options, type VNode } from "preact";
import { setBuildId } from "./build_id.ts";
import { assetHashingProps } from "./asset.ts";
import { revive } from "./revive.ts";
import { type BootData, loadPayload } from "./payload.ts";
import { CLIENT_NAV_ATTR } from "./partial.ts";
import { basePathProps } from "./base_path.ts";

// The boot module is served at `{basePath}/_frsh/js/{BUILD_ID}/boot.js`.
const self = /^(.*)\/_frsh\/js\/([^/]+)\//.exec(
  new URL(import.meta.url).pathname,
);
const basePath = self?.[1] ?? "";
if (self) setBuildId(self[2]);

const previousVNodeHook = options.vnode;
options.vnode = (vnode: VNode) => {
  const props = vnode.props as Record<string, unknown>;
  assetHashingProps(vnode.type, props);
  if (basePath) basePathProps(vnode.type, props, basePath);
  if (
    typeof vnode.type === "string" &&
    typeof props[CLIENT_NAV_ATTR] === "boolean"
  ) {
    props[CLIENT_NAV_ATTR] = String(props[CLIENT_NAV_ATTR]);
  }
  previousVNodeHook?.(vnode);
};

async function boot(): Promise<void> {
  const tags = document.querySelectorAll<HTMLScriptElement>(
    "script[data-fresh]",
  );
  const tag = tags[tags.length - 1];
  if (!tag) return;
  const data = JSON.parse(tag.dataset.fresh!) as BootData;
  const stateEl = document.getElementById(`__FRSH_STATE_${data.s}`);
  if (!stateEl) return;
  const payload = loadPayload(data, stateEl.textContent ?? "");
  const [{ islands, props }] = await Promise.all([
    payload,
    ...data.p.map(async ([url, idx]) => {
      // A failing plugin script is reported to the console (as an uncaught
      // error) without stopping islands or the other scripts.
      try {
        const { pluginStates } = await payload;
        await (await import(url)).default(pluginStates[idx]);
      } catch (err) {
        reportError(err);
      }
    }),
  ]);
  await revive(islands, props);
  if (data.n) {
    (await import("./partials.ts")).startClientNav({
      dev: data.d === 1,
      props,
    });
  }
}

boot();
