/**
 * The one external boot module (see docs/adr/0001-external-island-boot-script.md).
 * It reads its instructions from the `data-fresh` attribute of the last boot
 * script, the island props from the `application/json` state block with the
 * per-render id, imports the island and plugin chunks and revives islands.
 */
import { type ComponentType, options, type VNode } from "preact";
import { deserialize } from "./deserializer.ts";
import { setBuildId } from "./build_id.ts";
import { assetHashingProps } from "./asset.ts";
import { revive } from "./revive.ts";

interface BootData {
  /** State script id suffix. */
  s: string;
  /** Islands: [id, chunk URL, export name]. */
  i: [string, string, string][];
  /** Plugin scripts: [chunk URL, plugin state index]. */
  p: [string, number][];
  /** 1 when the state contains signals. */
  g: number;
}

const buildId = /\/_frsh\/js\/([^/]+)\//.exec(import.meta.url)?.[1];
if (buildId) setBuildId(buildId);

const previousVNodeHook = options.vnode;
options.vnode = (vnode: VNode) => {
  assetHashingProps(vnode.type, vnode.props as Record<string, unknown>);
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
  const signal = data.g ? (await import("@preact/signals")).signal : undefined;
  const [islandProps, pluginStates] = deserialize(
    stateEl.textContent ?? "",
    signal as ((v: unknown) => unknown) | undefined,
  ) as [Record<string, unknown>[], unknown[]];

  const [components] = await Promise.all([
    Promise.all(
      data.i.map(async ([id, url, name]) =>
        [id, (await import(url))[name] as ComponentType] as const
      ),
    ),
    ...data.p.map(async ([url, idx]) => {
      // A failing plugin script is reported to the console (as an uncaught
      // error) without stopping islands or the other scripts.
      try {
        await (await import(url)).default(pluginStates[idx]);
      } catch (err) {
        reportError(err);
      }
    }),
  ]);
  revive(Object.fromEntries(components), islandProps);
}

boot();
