/**
 * What a render sends to the browser about islands: the boot data
 * (`data-fresh` attribute of the boot tag, or the `__FRSH_PARTIAL_DATA_{uuid}`
 * block of a partial response) and the `__FRSH_STATE_{uuid}` state block.
 */
import type { ComponentType } from "preact";
import { deserialize } from "./deserializer.ts";

/** The boot data of one render. */
export interface BootData {
  /** State script id suffix. */
  s: string;
  /** Islands: [id, chunk URL, export name]. */
  i: [string, string, string][];
  /** Plugin scripts: [chunk URL, plugin state index]. */
  p: [string, number][];
  /** 1 when the state contains signals. */
  g: number;
  /** 1 when the page has partials (client navigation is loaded). */
  n?: number;
  /** 1 in the development profile. */
  d?: number;
}

/** Islands and their props, ready for `revive`. */
export interface Payload {
  islands: Record<string, ComponentType>;
  props: Record<string, unknown>[];
  pluginStates: unknown[];
}

/**
 * Import the island chunks named in `data` and deserialize the state block
 * text (empty when the render had no island props).
 */
export async function loadPayload(
  data: BootData,
  stateText: string | null,
): Promise<Payload> {
  const signal = data.g ? (await import("@preact/signals")).signal : undefined;
  const [islandProps, pluginStates] = stateText
    ? deserialize(
      stateText,
      signal as ((v: unknown) => unknown) | undefined,
    ) as [Record<string, unknown>[], unknown[]]
    : [[], []];
  const components = await Promise.all(
    data.i.map(async ([id, url, name]) =>
      [id, (await import(url))[name] as ComponentType] as const
    ),
  );
  return {
    islands: Object.fromEntries(components),
    props: islandProps,
    pluginStates,
  };
}
