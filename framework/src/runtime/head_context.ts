/**
 * Bridge between the server renderer and `<Head>`: during a server render the
 * renderer installs a collector; in the browser it stays null and Head renders
 * nothing. Kept tiny because it is part of client bundles.
 */
import type { ComponentChildren } from "preact";

/** The active collector of `<Head>` children, if any. */
export const HEAD_COLLECTOR: {
  collect: ((children: ComponentChildren) => void) | null;
} = { collect: null };
