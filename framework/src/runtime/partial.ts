/**
 * `<Partial>`: marks an area of the page that client navigation
 * (`f-client-nav`) can update from another response. On the server the
 * renderer wraps its children in `<!--frsh-partial:{name}:{mode}:{key}-->`
 * markers (mode 0 replace, 1 append, 2 prepend); in the browser the partials
 * runtime (`partials.ts`) finds them. The component itself renders its
 * children unchanged.
 */
import type { ComponentChildren, VNode } from "preact";

/** Props of {@link Partial}. */
export interface PartialProps {
  children?: ComponentChildren;
  /** The partial's name, unique on the page. */
  name: string;
  /** How new content is applied (default `"replace"`). */
  mode?: "replace" | "prepend" | "append";
}

/** An area of the page that partial responses update by name. */
export function Partial(props: PartialProps): VNode {
  return props.children as unknown as VNode;
}
Partial.displayName = "Partial";

/** Marker mode numbers, as in Fresh's wire format. */
export const PARTIAL_MODES = { replace: 0, append: 1, prepend: 2 } as const;

/** The query parameter of partial requests (`ctx.isPartial`). */
export const PARTIAL_SEARCH_PARAM = "fresh-partial";
/** The attribute enabling client navigation below an element. */
export const CLIENT_NAV_ATTR = "f-client-nav";
/** The attribute naming the URL a link, button or form fetches partials from. */
export const PARTIAL_ATTR = "f-partial";
/**
 * The attribute holding a signal that is `true` while the partial request
 * of a link or button runs (`<a f-loading={signal}>`).
 */
export const LOADING_ATTR = "f-loading";
